import Link from 'next/link';
import { SOURCE_LABELS, STATUS_LABELS } from '@/components/dashboard/charts/labels';
import { formatRome } from '@/components/dashboard/format';
import { USERNAME_ONLY_LABEL, type SubscriberListItem } from '@/lib/subscribers/subscriber-view';
import { RevealNumber } from './RevealNumber';

/** The result rows. Admins get "Mostra numero"; editors and admins "Cancella" (a confirmation page). */
export function SubscriberTable({ rows, canReveal }: { rows: SubscriberListItem[]; canReveal: boolean }) {
  return (
    <div className="table-responsive" tabIndex={0} role="region" aria-label="Iscritti, dal più recente">
      <table className="table table-sm align-middle">
        <caption className="visually-hidden">Iscritti, dal più recente</caption>
        <thead>
          <tr>
            <th scope="col">Numero</th>
            <th scope="col">Nome</th>
            <th scope="col">Stato</th>
            <th scope="col">Argomenti</th>
            <th scope="col">Canale</th>
            <th scope="col">Date</th>
            <th scope="col">Azioni</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="fw-normal text-nowrap">
                {r.maskedNumber ??
                  (r.maskedUserId ? (
                    <>
                      {r.maskedUserId}
                      <div className="small">{USERNAME_ONLY_LABEL}</div>
                    </>
                  ) : (
                    <span className="fst-italic">cancellato</span>
                  ))}
                {canReveal && r.hasNumber && r.maskedNumber ? (
                  <div>
                    <RevealNumber id={r.id} masked={r.maskedNumber} />
                  </div>
                ) : null}
              </th>
              <td>{r.name ?? '—'}</td>
              <td>
                {STATUS_LABELS[r.status]}
                {r.undeliverable ? <div className="small">Non raggiungibile su WhatsApp</div> : null}
              </td>
              <td>{r.topics.length > 0 ? r.topics.map((t) => t.name).join(', ') : '—'}</td>
              <td>{SOURCE_LABELS[r.source]}</td>
              <td className="small text-nowrap">
                <div>Richiesta: {formatRome(r.createdAt, 'date')}</div>
                {r.confirmedAt ? <div>Confermata: {formatRome(r.confirmedAt, 'date')}</div> : null}
                {r.unsubscribedAt ? <div>Cancellata: {formatRome(r.unsubscribedAt, 'date')}</div> : null}
              </td>
              <td>
                {r.status === 'UNSUBSCRIBED' ? null : (
                  <Link href={`/dashboard/iscritti/${r.id}/cancella`} className="btn btn-outline-danger btn-xs py-0 px-2">
                    Cancella<span className="visually-hidden"> l’iscritto {r.maskedNumber ?? r.maskedUserId ?? ''}</span>
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
