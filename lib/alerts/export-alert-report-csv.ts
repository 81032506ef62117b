import type { Actor } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import type { DeliveryProgress } from '../delivery/progress';
import { toCsv, type CsvValue } from '../http/csv';
import { getAlert, type AlertView } from './get-alert';
import { getAlertReport, type AlertReport } from './get-alert-report';

export const REPORT_CSV_HEADER = ['Sezione', 'Voce', 'Codice', 'Numero'] as const;

const STATE_LABELS: [keyof DeliveryProgress['counts'], string][] = [
  ['queued', 'In coda'],
  ['sending', 'In invio'],
  ['sent', 'Inviato (non ancora consegnato)'],
  ['delivered', 'Consegnato'],
  ['read', 'Letto'],
  ['failed', 'Non consegnato'],
  ['skipped', 'Escluso all’invio'],
  ['cancelled', 'Annullato (invio fermato)'],
];

/**
 * An alert's delivery report as CSV: counts by state, failures by Meta's error code, exclusions
 * by reason, opt-outs in the 24 hours after it. Privacy by design: there are no per-recipient
 * rows at all — the council and the DPO need how many, not who, and a file of numbers (even
 * masked, with times and outcomes) would be a list of people that leaves the system. Whoever may
 * read the report may export it (getAlertReport decides: viewers only sent alerts); audited.
 */
export async function exportAlertReportCsv(
  ctx: AppContext,
  { actor, alertId }: { actor: Actor; alertId: string },
): Promise<{ filename: string; csv: string; title: string }> {
  const alert = await getAlert(ctx, { actor, alertId });
  const report = await getAlertReport(ctx, { actor, alertId });
  const rows = alertReportRows(alert, report);
  await recordAudit(ctx, ctx.db, { actor, action: 'export', target: `alert:${alertId}`, details: { kind: 'alert_report' } });
  return { filename: `rapporto-avviso-${alertId.slice(0, 8)}.csv`, csv: toCsv(REPORT_CSV_HEADER, rows), title: alert.title };
}

/** The report's figures as [section, item, code, value] rows: the CSV and the printable page show the same. */
export function alertReportRows(alert: Pick<AlertView, 'title' | 'status' | 'statusLabel'>, report: AlertReport): CsvValue[][] {
  const p = report.progress;
  return [
    ['Avviso', 'Titolo', '', alert.title],
    ['Avviso', 'Stato', alert.status.toLowerCase(), alert.statusLabel],
    ['Avviso', 'Inviato il', '', report.publishedAt],
    ['Avviso', 'Completato il', '', report.completedAt],
    ['Avviso', 'Destinatari', '', report.recipients],
    ['Avviso', 'Raggiunti (consegnato o letto)', '', report.delivered],
    ...STATE_LABELS.map(([k, label]): CsvValue[] => ['Stato delle consegne', label, k, p.counts[k]]),
    ...p.failures.map((f): CsvValue[] => ['Non consegnati per motivo', f.label, f.code === null ? '' : String(f.code), f.count]),
    ...p.skipped.map((s): CsvValue[] => ['Esclusi per motivo', s.label, s.reason, s.count]),
    ...(report.optOuts
      ? [
          ['Cancellazioni nelle 24 ore dopo l’invio', 'Totale', '', report.optOuts.total],
          ['Cancellazioni nelle 24 ore dopo l’invio', 'Tra i destinatari di questo avviso', '', report.optOuts.amongRecipients],
        ]
      : []),
  ];
}
