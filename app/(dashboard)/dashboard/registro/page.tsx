import type { Metadata } from 'next';
import Link from 'next/link';
import { Pagination } from '@/components/dashboard/Pagination';
import { formatRome } from '@/components/dashboard/format';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { auditActions, auditFilterSchema, listAuditLog, type AuditFilter } from '@/lib/audit/list-audit-log';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { actionLabel, detailsText } from './labels';

export const metadata: Metadata = { title: 'Registro attività' };

type Search = Promise<Record<string, string | string[] | undefined>>;

function pageHref(f: AuditFilter, pagina: number, base = '/dashboard/registro'): string {
  const q = new URLSearchParams();
  for (const k of ['azione', 'utente', 'dal', 'al'] as const) if (f[k]) q.set(k, f[k]);
  if (pagina > 1) q.set('pagina', String(pagina));
  const s = q.toString();
  return `${base}${s ? `?${s}` : ''}`;
}

/** Read-only by construction: the page only reads, and the table refuses UPDATE and DELETE. */
export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const sp = await searchParams;
  const filter = auditFilterSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  const [{ rows, total, pages }, actions] = await Promise.all([listAuditLog(ctx, { actor, ...filter }), auditActions(ctx, { actor })]);
  return (
    <>
      <PageTitle
        lead="Chi ha fatto cosa e quando. Il registro non si può modificare né cancellare."
        actions={
          <a href={pageHref(filter, 1, '/api/dashboard/exports/audit')} className="btn btn-outline-primary btn-sm" download>
            Scarica con questi filtri (CSV)
          </a>
        }
      >
        Registro attività
      </PageTitle>
      <form method="get" action="/dashboard/registro" className="mb-4" aria-label="Filtri del registro">
        <div className="row g-3 align-items-end">
          <div className="col-md-6 col-xl-3">
            <div className="select-wrapper form-group mb-0">
              <label htmlFor="f-azione" className="active">
                Azione
              </label>
              <select id="f-azione" name="azione" defaultValue={filter.azione ?? ''}>
                <option value="">Tutte</option>
                {actions.map((a) => (
                  <option key={a} value={a}>
                    {actionLabel(a)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="col-md-6 col-xl-3">
            <div className="form-group mb-0">
              <label htmlFor="f-utente" className="active">
                Utente (email)
              </label>
              <input id="f-utente" name="utente" type="search" className="form-control" defaultValue={filter.utente ?? ''} />
            </div>
          </div>
          <div className="col-md-6 col-xl-2">
            <div className="form-group mb-0">
              <label htmlFor="f-dal" className="active">
                Dal
              </label>
              <input id="f-dal" name="dal" type="date" className="form-control" defaultValue={filter.dal ?? ''} />
            </div>
          </div>
          <div className="col-md-6 col-xl-2">
            <div className="form-group mb-0">
              <label htmlFor="f-al" className="active">
                Al
              </label>
              <input id="f-al" name="al" type="date" className="form-control" defaultValue={filter.al ?? ''} />
            </div>
          </div>
          <div className="col-xl-2 d-flex gap-2">
            <button type="submit" className="btn btn-primary">
              Filtra
            </button>
            <Link href="/dashboard/registro" className="btn btn-outline-primary">
              Azzera
            </Link>
          </div>
        </div>
      </form>

      <p role="status">
        {total === 0 ? 'Nessuna attività trovata.' : `${total} ${total === 1 ? 'attività' : 'attività'} · pagina ${Math.min(filter.pagina, pages)} di ${pages}`}
      </p>
      {rows.length > 0 ? (
        <div className="table-responsive" tabIndex={0} role="region" aria-label="Attività registrate, dalla più recente">
          <table className="table table-sm">
            <caption className="visually-hidden">Attività registrate, dalla più recente</caption>
            <thead>
              <tr>
                <th scope="col">Quando</th>
                <th scope="col">Chi</th>
                <th scope="col">Azione</th>
                <th scope="col">Oggetto</th>
                <th scope="col">Dettagli</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td className="text-nowrap">{formatRome(r.at)}</td>
                  <td>{r.actorEmail ?? '—'}</td>
                  <td>{actionLabel(r.action)}</td>
                  <td className="text-break">{r.target ?? ''}</td>
                  <td className="text-break small">{detailsText(r.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pagination page={filter.pagina} totalPages={pages} href={(p) => pageHref(filter, p)} label="Pagine del registro" />
    </>
  );
}
