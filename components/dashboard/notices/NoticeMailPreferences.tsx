import { NOTICE_KIND_LABELS, NOTICE_KINDS, type NoticeKind } from '@/lib/notifications/kinds';

/**
 * The profile's notice preferences (issue 12): one checkbox per kind for e-mail. The dashboard
 * always shows every notice; without SMTP settings nothing is mailed whatever is chosen here.
 */
export function NoticeMailPreferences({
  mailKinds,
  mailEnabled,
  save,
  saved,
}: {
  mailKinds: readonly NoticeKind[];
  mailEnabled: boolean;
  save: (fd: FormData) => void | Promise<void>;
  saved?: boolean;
}) {
  const chosen = new Set(mailKinds);
  return (
    <section className="mb-5" aria-labelledby="notice-prefs-title">
      <h2 id="notice-prefs-title" className="h4">
        Notifiche per e-mail
      </h2>
      <p>
        Le notifiche compaiono sempre nella panoramica del pannello. Scegli quali vuoi ricevere anche per e-mail.
        {mailEnabled ? null : ' L’invio di e-mail non è configurato su questo servizio: per ora le vedi solo nel pannello.'}
      </p>
      {saved ? (
        <div className="alert alert-success" role="status">
          Preferenze salvate.
        </div>
      ) : null}
      <form action={save}>
        <fieldset>
          <legend className="visually-hidden">Notifiche da ricevere per e-mail</legend>
          {NOTICE_KINDS.map((k) => (
            <div className="form-check" key={k}>
              <input className="form-check-input" type="checkbox" id={`notice-mail-${k}`} name="kinds" value={k} defaultChecked={chosen.has(k)} />
              <label className="form-check-label" htmlFor={`notice-mail-${k}`}>
                {NOTICE_KIND_LABELS[k]}
              </label>
            </div>
          ))}
        </fieldset>
        <button type="submit" className="btn btn-primary mt-3">
          Salva le preferenze
        </button>
      </form>
    </section>
  );
}
