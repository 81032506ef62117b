import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { WhatsAppText } from '@/components/dashboard/alerts/WhatsAppText';
import { formatRome } from '@/components/dashboard/format';
import { PrintButton } from '@/components/dashboard/PrintButton';
import { alertReportRows } from '@/lib/alerts/export-alert-report-csv';
import { getAlert } from '@/lib/alerts/get-alert';
import { getAlertReport } from '@/lib/alerts/get-alert-report';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { csvDate, type CsvValue } from '@/lib/http/csv';
import { loadSettings } from '@/lib/settings/store';
import styles from './print.module.css';

export const metadata: Metadata = { title: 'Rapporto da stampare' };

type Props = { params: Promise<{ id: string }> };

const shown = (v: CsvValue): string =>
  v instanceof Date ? formatRome(v) : typeof v === 'number' ? v.toLocaleString('it-IT') : v === null || v === undefined || v === '' ? '—' : String(v);

/**
 * An alert's report on paper (or PDF) for the council or the data protection officer: the message
 * as sent and the same figures as the CSV export; no recipient appears. Readable by whoever may
 * read the report (viewers: sent alerts only, decided by getAlert / getAlertReport).
 */
export default async function PrintableReportPage({ params }: Props) {
  const actor = await requireStaff('VIEWER');
  const ctx = getAppContext();
  const { id } = await params;
  const [alert, report] = await Promise.all([getAlert(ctx, { actor, alertId: id }), getAlertReport(ctx, { actor, alertId: id })]).catch((e) => {
    if (isAppError(e) && e.code === 'not_found') notFound();
    throw e;
  });
  const settings = await loadSettings(ctx.db);
  const sections = new Map<string, CsvValue[][]>();
  for (const row of alertReportRows(alert, report)) {
    const key = String(row[0]);
    sections.set(key, [...(sections.get(key) ?? []), row]);
  }
  return (
    <article className={styles.report} aria-labelledby="report-title">
      <div className={`d-flex flex-wrap gap-3 mb-4 ${styles.noPrint}`}>
        <PrintButton />
        <Link href={`/dashboard/avvisi/${alert.id}`} className="btn btn-outline-primary">
          Torna all’avviso
        </Link>
      </div>
      <p className="mb-1">
        {settings.comuneName} — {settings.serviceName}
      </p>
      <h1 id="report-title" className="h2">
        Rapporto dell’avviso «{alert.title}»
      </h1>
      <p>
        Stampato il {formatRome(ctx.now())} da {actor.name}. Il rapporto riporta solo numeri: nessun destinatario vi compare.
      </p>

      <h2 className="h4">Il messaggio</h2>
      <div className={`${styles.message} mb-4`}>
        <WhatsAppText text={alert.fit.preview} />
      </div>

      {[...sections.entries()].map(([section, rows]) => (
        <section key={section} className={`${styles.figures} mb-4`} aria-label={section}>
          <h2 className="h4">{section}</h2>
          <table className="table table-sm">
            <tbody>
              {rows.map((r) => (
                <tr key={`${String(r[1])}-${String(r[2])}`}>
                  <th scope="row" className="fw-normal">
                    {String(r[1])}
                  </th>
                  <td className="text-end fw-semibold">{shown(r[3])}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <p className="small">Dati al {csvDate(ctx.now())} (ora italiana). Consegne secondo gli stati comunicati da WhatsApp.</p>
    </article>
  );
}
