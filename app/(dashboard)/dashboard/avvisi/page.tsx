import type { Metadata } from 'next';
import Link from 'next/link';
import { ALERT_STATUSES, formatCount, isAlertStatus, STATUS_BADGE } from '@/components/dashboard/alerts/labels';
import { LaunchCard } from '@/components/dashboard/alerts/LaunchCard';
import { Pagination } from '@/components/dashboard/Pagination';
import { StatusBadge } from '@/components/dashboard/alerts/StatusBadge';
import { formatRome } from '@/components/dashboard/format';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import type { AlertView } from '@/lib/alerts/get-alert';
import { getLaunchProgress } from '@/lib/stats/get-launch-progress';
import { listAlerts } from '@/lib/alerts/list-alerts';
import { hasRole } from '@/lib/access/roles';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';

export const metadata: Metadata = { title: 'Avvisi' };

/** What a viewer can find: an alert that was published is sending, paused, sent, or cancelled while sending. */
const SENT_STATUSES: string[] = ['SENDING', 'PAUSED', 'SENT', 'CANCELLED'];

type Search = Promise<Record<string, string | string[] | undefined>>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';

/** The date that matters for each state: when it went, when it will go, or when it was written. */
function when(a: AlertView): string {
  if (a.publishedAt) return `Inviato ${formatRome(a.publishedAt)}`;
  if (a.status === 'SCHEDULED' && a.releaseAt) return `Parte ${formatRome(a.releaseAt)}`;
  if (a.cancelledAt) return `Annullato ${formatRome(a.cancelledAt)}`;
  return `Scritto ${formatRome(a.createdAt)}`;
}

export default async function AlertsPage({ searchParams }: { searchParams: Search }) {
  // Viewers read the sent alerts (listAlerts shows them nothing else).
  const actor = await requireStaff('VIEWER');
  const editor = hasRole(actor, 'EDITOR');
  const ctx = getAppContext();
  const sp = await searchParams;
  const stato = one(sp.stato);
  const q = one(sp.q).slice(0, 100);
  const page = Math.max(1, Number.parseInt(one(sp.pagina), 10) || 1);
  const [list, launch] = await Promise.all([
    listAlerts(ctx, { actor, status: isAlertStatus(stato) ? [stato] : undefined, q: q || undefined, page }),
    getLaunchProgress(ctx, { actor }),
  ]);
  const href = (p: number) => {
    const u = new URLSearchParams();
    if (isAlertStatus(stato)) u.set('stato', stato);
    if (q) u.set('q', q);
    if (p > 1) u.set('pagina', String(p));
    const s = u.toString();
    return `/dashboard/avvisi${s ? `?${s}` : ''}`;
  };

  return (
    <>
      <PageTitle
        lead={editor ? 'Gli avvisi agli iscritti: bozze, programmati, in invio e inviati.' : 'Gli avvisi inviati agli iscritti, con il loro esito.'}
        actions={
          editor ? (
            <Link href="/dashboard/avvisi/nuovo" className="btn btn-primary">
              Nuovo avviso
            </Link>
          ) : null
        }
      >
        Avvisi
      </PageTitle>
      {launch.launchedAt ? null : <LaunchCard progress={launch} compact />}
      {list.awaitingMyApproval > 0 ? (
        <Notice kind="info">
          {list.awaitingMyApproval === 1 ? 'Un avviso aspetta' : `${list.awaitingMyApproval} avvisi aspettano`} l’approvazione di un’altra persona della
          redazione: <Link href="/dashboard/avvisi?stato=PENDING_APPROVAL">vedili</Link>.
        </Notice>
      ) : null}

      <form method="get" action="/dashboard/avvisi" className="mb-4" aria-label="Filtri degli avvisi">
        <div className="row g-3 align-items-end">
          <div className="col-md-5">
            <div className="form-group mb-0">
              <label htmlFor="f-q" className="active">
                Cerca nel titolo e nel testo
              </label>
              <input id="f-q" name="q" type="search" className="form-control" defaultValue={q} />
            </div>
          </div>
          <div className="col-md-4">
            <div className="select-wrapper form-group mb-0">
              <label htmlFor="f-stato" className="active">
                Stato
              </label>
              <select id="f-stato" name="stato" defaultValue={isAlertStatus(stato) ? stato : ''}>
                <option value="">Tutti</option>
                {(editor ? ALERT_STATUSES : ALERT_STATUSES.filter((s) => SENT_STATUSES.includes(s))).map((s) => (
                  <option key={s} value={s}>
                    {STATUS_BADGE[s].label}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="col-md-3 d-flex gap-2">
            <button type="submit" className="btn btn-primary">
              Filtra
            </button>
            <Link href="/dashboard/avvisi" className="btn btn-outline-primary">
              Azzera
            </Link>
          </div>
        </div>
      </form>

      <p role="status">{list.total === 0 ? 'Nessun avviso trovato.' : `${formatCount(list.total)} ${list.total === 1 ? 'avviso' : 'avvisi'}`}</p>
      {list.items.length > 0 ? (
        <div className="table-responsive" tabIndex={0} role="region" aria-label="Avvisi, dal più recente">
          <table className="table">
            <caption className="visually-hidden">Avvisi, dal più recente</caption>
            <thead>
              <tr>
                <th scope="col">Titolo</th>
                <th scope="col">Stato</th>
                <th scope="col">Argomenti</th>
                <th scope="col">Quando</th>
                <th scope="col" className="text-end">
                  Destinatari
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link href={`/dashboard/avvisi/${a.id}`}>{a.title}</Link>
                    {a.urgency === 'urgent' ? <span className="badge bg-danger ms-2">Urgente</span> : null}
                  </th>
                  <td>
                    <StatusBadge status={a.status} />
                    {a.hold?.code === 'template_category' ? (
                      <span className="d-block small">In attesa di una decisione sul modello «{a.hold.template}»</span>
                    ) : null}
                  </td>
                  <td>{a.isWelcome || a.allTopics ? 'Tutti' : a.topics.map((t) => t.name).join(', ')}</td>
                  <td>{when(a)}</td>
                  <td className="text-end">{a.publishedAt ? formatCount(a.recipientCount) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination page={list.page} totalPages={list.totalPages} href={href} label="Pagine degli avvisi" />
    </>
  );
}
