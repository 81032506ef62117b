import { formatRome } from '@/components/dashboard/format';
import { Notice } from '@/components/dashboard/Notice';
import type { OwnSession } from '@/lib/auth/list-own-sessions';
import { endOtherSessionsAction, endSessionAction } from './actions';

const DONE: Record<string, { kind: 'success' | 'info'; text: string }> = {
  terminata: { kind: 'success', text: 'Sessione terminata: chi la usava deve accedere di nuovo.' },
  'altre-terminate': { kind: 'success', text: 'Le altre sessioni sono state terminate. Resta aperta solo questa.' },
  'gia-terminata': { kind: 'info', text: 'Quella sessione era già terminata.' },
};

/**
 * "Sessioni aperte": one's own sessions, this one marked; ending one takes effect at its next
 * request. Plain forms: works without JavaScript. No IP is shown (only its keyed HMAC is stored).
 */
export function SessionsSection({ sessions, done }: { sessions: OwnSession[]; done?: string }) {
  const notice = done ? DONE[done] : undefined;
  const others = sessions.filter((s) => !s.current).length;
  return (
    <section className="mt-5" aria-labelledby="sessioni-title">
      <h2 id="sessioni-title" className="h4">
        Sessioni aperte
      </h2>
      <p>I browser in cui hai effettuato l’accesso con il tuo account. Se non ne riconosci uno, terminalo e cambia la password.</p>
      {notice ? <Notice kind={notice.kind}>{notice.text}</Notice> : null}
      <div className="table-responsive">
        <table className="table">
          <caption className="visually-hidden">Sessioni aperte con il tuo account</caption>
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Accesso</th>
              <th scope="col">Ultima attività</th>
              <th scope="col">
                <span className="visually-hidden">Azioni</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.userAgent ?? 'Browser non indicato'}
                  {s.method === 'OIDC' ? ' (accesso unico)' : ''}
                  {s.current ? (
                    <>
                      {' '}
                      <span className="badge bg-primary">Questa sessione</span>
                    </>
                  ) : null}
                </td>
                <td>{formatRome(s.createdAt)}</td>
                <td>{formatRome(s.lastSeenAt)}</td>
                <td>
                  <form action={endSessionAction}>
                    <input type="hidden" name="sessionId" value={s.id} />
                    <button
                      type="submit"
                      className="btn btn-outline-danger btn-sm"
                      aria-label={`Termina questa sessione: ${s.userAgent ?? 'browser non indicato'}, accesso ${formatRome(s.createdAt)}${s.current ? ' (questa, uscirai)' : ''}`}
                    >
                      Termina questa sessione
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {others > 0 ? (
        <form action={endOtherSessionsAction}>
          <button type="submit" className="btn btn-outline-danger">
            Termina le altre ({others})
          </button>
        </form>
      ) : (
        <p>Nessun’altra sessione aperta.</p>
      )}
    </section>
  );
}
