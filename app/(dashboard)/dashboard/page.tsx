import type { Metadata } from 'next';
import Link from 'next/link';
import { LaunchCard } from '@/components/dashboard/alerts/LaunchCard';
import { NumberHealthCard } from '@/components/dashboard/NumberHealthCard';
import { ColumnChart } from '@/components/dashboard/charts/ColumnChart';
import { formatDayShort, formatNumber } from '@/components/dashboard/charts/format';
import { ConsentWindows, KeyFigures } from '@/components/dashboard/charts/KeyFigures';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { DASHBOARD_NAV } from '@/components/dashboard/nav-items';
import { requireStaff } from '@/lib/auth/guard';
import { hasRole } from '@/lib/access/roles';
import { getAppContext } from '@/lib/context';
import { getStatsOverview } from '@/lib/stats';
import { getNumberStatus } from '@/lib/delivery/get-number-status';
import { TemplateHoldNotice } from '@/components/dashboard/templates/TemplateHoldNotice';
import { listTemplateHolds } from '@/lib/templates/list-template-holds';
import { NoticeList } from '@/components/dashboard/notices/NoticeList';
import { listNotices } from '@/lib/notifications/list-notices';
import { markNoticesReadAction } from './notifiche/actions';

export const metadata: Metadata = { title: 'Panoramica' };

const DESCRIPTIONS: Record<string, string> = {
  '/dashboard/avvisi': 'Scrivi, programma e invia gli avvisi agli iscritti.',
  '/dashboard/iscritti': 'Cerca un iscritto e cancella chi lo chiede all’URP.',
  '/dashboard/modelli': 'Lo stato dei modelli di messaggio approvati da WhatsApp.',
  '/dashboard/statistiche': 'Iscrizioni, cancellazioni e messaggi inviati.',
  '/dashboard/chiavi-api': 'Chiavi per i sistemi del Comune che inviano avvisi.',
  '/dashboard/utenti': 'Chi può accedere a quest’area e con quale ruolo.',
  '/dashboard/registro': 'Chi ha fatto cosa e quando.',
  '/dashboard/impostazioni': 'Testi, privacy, limiti di invio e sicurezza.',
  '/dashboard/profilo': 'La tua password, la verifica in due passaggi e il tuo numero per le prove.',
};

/** Home of the dashboard: the key numbers, the launch progress, the last 30 days, and the links of this role. */
export default async function DashboardHome() {
  const actor = await requireStaff('VIEWER');
  const stats = await getStatsOverview(getAppContext(), { actor, days: 30 });
  const number = await getNumberStatus(getAppContext(), { actor });
  // Editors and admins decide on a template Meta moved to MARKETING: they are told here first.
  const holds = hasRole(actor, 'EDITOR') ? await listTemplateHolds(getAppContext(), { actor }) : [];
  const notices = await listNotices(getAppContext(), { actor, limit: 5, unreadOnly: true });
  const links = DASHBOARD_NAV.filter((i) => i.href !== '/dashboard' && hasRole(actor, i.min));
  const days = stats.series.map((p) => p.date);
  const ins = stats.series.map((p) => p.optIns);
  const outs = stats.series.map((p) => p.optOuts);
  return (
    <>
      <PageTitle lead={`Benvenuto${actor.name ? `, ${actor.name}` : ''}.`}>Panoramica</PageTitle>
      <TemplateHoldNotice holds={holds} />
      <NoticeList notices={notices.notices} unread={notices.unread} markRead={markNoticesReadAction} fullListHref="/dashboard/notifiche" />
      <KeyFigures
        label="Iscritti in cifre"
        figures={[
          { label: 'Iscritti attivi', value: stats.subscribers.active },
          { label: 'In attesa di conferma', value: stats.subscribers.pending },
          { label: 'Cancellati', value: stats.subscribers.unsubscribed },
          { label: 'Messaggi inviati in 7 giorni', value: stats.messages.last7Days, note: `${formatNumber(stats.messages.perSubscriber)} per iscritto attivo` },
        ]}
      />
      <LaunchCard progress={stats.launch} compact />
      <NumberHealthCard status={number} compact />
      <h2 className="h4">Ultimi 30 giorni</h2>
      <ConsentWindows optIns={stats.optIns} optOuts={stats.optOuts} />
      <ColumnChart
        id="overview-consent"
        title="Iscrizioni e cancellazioni al giorno, ultimi 30 giorni"
        summary={`Dal ${formatDayShort(days[0]!)} al ${formatDayShort(days.at(-1)!)}: ${formatNumber(stats.optIns.last30Days)} iscrizioni e ${formatNumber(stats.optOuts.last30Days)} cancellazioni.`}
        days={days}
        series={[
          { label: 'Iscrizioni', values: ins },
          { label: 'Cancellazioni', values: outs },
        ]}
      />
      <p>
        <Link href="/dashboard/statistiche">Tutte le statistiche</Link>
      </p>

      <h2 className="h4 mt-5">Cosa puoi fare</h2>
      <ul className="list-unstyled row g-3">
        {links.map((l) => (
          <li key={l.href} className="col-md-6 col-xl-4">
            <div className="card card-bg h-100 shadow-sm">
              <div className="card-body">
                <h3 className="h5 card-title">
                  <Link href={l.href}>{l.label}</Link>
                </h3>
                <p className="card-text">{DESCRIPTIONS[l.href] ?? ''}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
