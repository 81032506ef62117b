import type { Metadata } from 'next';
import Link from 'next/link';
import { LaunchCard } from '@/components/dashboard/alerts/LaunchCard';
import { ColumnChart } from '@/components/dashboard/charts/ColumnChart';
import { formatDayShort, formatNumber } from '@/components/dashboard/charts/format';
import { HorizontalBars } from '@/components/dashboard/charts/HorizontalBars';
import { ConsentWindows, KeyFigures } from '@/components/dashboard/charts/KeyFigures';
import { SOURCE_LABELS } from '@/components/dashboard/charts/labels';
import { LineChart } from '@/components/dashboard/charts/LineChart';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { getMonthSpend, getStatsOverview } from '@/lib/stats';
import { MonthSpendTable } from '@/components/dashboard/charts/MonthSpend';

export const metadata: Metadata = { title: 'Statistiche' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** For every role (viewers see aggregates only: this page and the overview). */
export default async function StatsPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('VIEWER');
  const days = (await searchParams).giorni === '90' ? 90 : 30;
  const s = await getStatsOverview(getAppContext(), { actor, days });
  const spend = await getMonthSpend(getAppContext(), { actor });
  const dates = s.series.map((p) => p.date);
  const period = `dal ${formatDayShort(dates[0]!)} al ${formatDayShort(dates.at(-1)!)}`;
  const sum = (f: 'optIns' | 'optOuts' | 'messagesSent') => s.series.reduce((n, p) => n + p[f], 0);
  const first = s.series[0]!.active;
  const last = s.series.at(-1)!.active;
  return (
    <>
      <PageTitle
        lead="Iscrizioni, cancellazioni e messaggi inviati. Giorni di calendario, ora italiana."
        actions={
          <a href={`/api/dashboard/exports/statistics?giorni=${days}`} className="btn btn-outline-primary btn-sm" download>
            Scarica i dati giornalieri (CSV, ultimi {days} giorni)
          </a>
        }
      >
        Statistiche
      </PageTitle>
      <nav aria-label="Periodo" className="mb-4">
        <ul className="nav nav-pills">
          {[30, 90].map((n) => (
            <li key={n} className="nav-item">
              <Link
                className={`nav-link${n === days ? ' active' : ''}`}
                aria-current={n === days ? 'page' : undefined}
                href={n === 30 ? '/dashboard/statistiche' : '/dashboard/statistiche?giorni=90'}
              >
                Ultimi {n} giorni
              </Link>
            </li>
          ))}
        </ul>
      </nav>

      <KeyFigures
        label="Iscritti in cifre"
        figures={[
          { label: 'Iscritti attivi', value: s.subscribers.active },
          { label: 'In attesa di conferma', value: s.subscribers.pending },
          { label: 'Cancellati', value: s.subscribers.unsubscribed },
          { label: 'Totale dei numeri registrati', value: s.subscribers.total },
        ]}
      />
      <ConsentWindows optIns={s.optIns} optOuts={s.optOuts} />

      <h2 className="h4">Iscritti attivi</h2>
      <LineChart
        id="stats-active"
        title={`Iscritti attivi a fine giornata, ultimi ${days} giorni`}
        summary={`Iscritti attivi ${period}: da ${formatNumber(first)} a ${formatNumber(last)}.`}
        valueLabel="Iscritti attivi"
        points={s.series.map((p) => ({ day: p.date, value: p.active }))}
      />

      <h2 className="h4">Iscrizioni e cancellazioni</h2>
      <ColumnChart
        id="stats-consent"
        title={`Iscrizioni e cancellazioni al giorno, ultimi ${days} giorni`}
        summary={`${period}: ${formatNumber(sum('optIns'))} iscrizioni e ${formatNumber(sum('optOuts'))} cancellazioni.`}
        days={dates}
        series={[
          { label: 'Iscrizioni', values: s.series.map((p) => p.optIns) },
          { label: 'Cancellazioni', values: s.series.map((p) => p.optOuts) },
        ]}
      />

      <h2 className="h4">Messaggi inviati</h2>
      <KeyFigures
        label="Messaggi inviati"
        figures={[
          { label: 'Negli ultimi 7 giorni', value: s.messages.last7Days },
          { label: 'Per iscritto attivo, ultimi 7 giorni', value: s.messages.perSubscriber },
          { label: `In ${days} giorni`, value: sum('messagesSent') },
        ]}
      />
      <ColumnChart
        id="stats-sent"
        title={`Messaggi di avviso accettati da WhatsApp al giorno, ultimi ${days} giorni`}
        summary={`${period}: ${formatNumber(sum('messagesSent'))} messaggi inviati.`}
        days={dates}
        series={[{ label: 'Messaggi inviati', values: s.series.map((p) => p.messagesSent) }]}
      />
      <MonthSpendTable spend={spend} />

      <div className="row">
        <section className="col-xl-6" aria-labelledby="by-topic">
          <h2 id="by-topic" className="h4">
            Iscritti attivi per argomento
          </h2>
          <p className="small">Ogni iscritto può seguire più argomenti.</p>
          <HorizontalBars
            id="stats-topics"
            title="Iscritti attivi per argomento"
            valueLabel="Iscritti attivi"
            items={s.topics.map((t) => ({ label: t.enabled ? t.name : `${t.name} (disattivato)`, value: t.subscribers }))}
          />
        </section>
        <section className="col-xl-6" aria-labelledby="by-source">
          <h2 id="by-source" className="h4">
            Iscritti attivi per canale di iscrizione
          </h2>
          <p className="small">Dove si è iscritta la persona l’ultima volta.</p>
          <HorizontalBars
            id="stats-sources"
            title="Iscritti attivi per canale di iscrizione"
            valueLabel="Iscritti attivi"
            items={s.sources.map((x) => ({ label: SOURCE_LABELS[x.source], value: x.subscribers }))}
          />
        </section>
      </div>

      <LaunchCard progress={s.launch} compact />
    </>
  );
}
