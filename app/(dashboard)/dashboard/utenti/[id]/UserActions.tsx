'use client';

import { useActionState } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { ROLES, ROLE_LABELS } from '@/lib/auth/staff-schema';
import type { Role } from '@/lib/access/roles';
import { updateUserAction } from '../actions';
import { RoleHelp, SecretOnce } from '../parts';

/** One action, several small forms (each names its operation): simple without JavaScript too. */
export function UserActions({
  id,
  role,
  disabled,
  totpEnabled,
  oidcIssuer,
  self,
}: {
  id: string;
  role: Role;
  disabled: boolean;
  totpEnabled: boolean;
  /** The single sign-on provider the user is bound to, if any. */
  oidcIssuer: string | null;
  self: boolean;
}) {
  const [state, action] = useActionState(updateUserAction, IDLE);
  return (
    <>
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {state.secret ? <SecretOnce value={state.secret} /> : null}

      <section className="mb-5" aria-labelledby="role-title">
        <h2 id="role-title" className="h4">
          Ruolo
        </h2>
        <form action={action}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="op" value="role" />
          <div className="select-wrapper form-group">
            <label htmlFor="f-role" className="active">
              Ruolo
            </label>
            <select id="f-role" name="role" defaultValue={role} aria-describedby="role-help" key={role}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
            <RoleHelp id="role-help" />
          </div>
          <SubmitButton>Cambia ruolo</SubmitButton>
        </form>
      </section>

      <section className="mb-5" aria-labelledby="access-title">
        <h2 id="access-title" className="h4">
          Accesso
        </h2>
        {self ? (
          <p>Non puoi disattivare il tuo account.</p>
        ) : (
          <form action={action}>
            <input type="hidden" name="id" value={id} />
            <input type="hidden" name="op" value={disabled ? 'enable' : 'disable'} />
            <p>{disabled ? 'L’utente è disattivato e non può accedere.' : 'Disattivando l’utente chiudi subito le sue sessioni; i suoi avvisi restano.'}</p>
            <SubmitButton variant={disabled ? 'primary' : 'outline-danger'}>{disabled ? 'Riattiva l’utente' : 'Disattiva l’utente'}</SubmitButton>
          </form>
        )}
      </section>

      <section className="mb-5" aria-labelledby="totp-title">
        <h2 id="totp-title" className="h4">
          Verifica in due passaggi
        </h2>
        <form action={action}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="op" value="reset-totp" />
          <p>{totpEnabled ? 'Attiva. Se l’utente ha perso il telefono, azzerala: potrà configurarla di nuovo.' : 'Non attiva.'}</p>
          {totpEnabled ? <SubmitButton variant="outline-primary">Azzera la verifica in due passaggi</SubmitButton> : null}
        </form>
      </section>

      {oidcIssuer ? (
        <section className="mb-5" aria-labelledby="oidc-title">
          <h2 id="oidc-title" className="h4">
            Accesso unico
          </h2>
          <p>
            Collegato a un account di <code>{oidcIssuer}</code>: solo quell’account può entrare con l’accesso unico. Se il Comune gli ha dato un nuovo account,
            scollega quello vecchio.
          </p>
          {/* A second click (inside <details>): the confirmation works without JavaScript. */}
          <details>
            <summary className="text-danger">Scollega l’accesso unico…</summary>
            <form action={action} className="mt-2">
              <input type="hidden" name="id" value={id} />
              <input type="hidden" name="op" value="clear-oidc" />
              <p className="small mb-2">
                Le sessioni aperte dell’utente vengono chiuse. Il prossimo accesso unico con la sua email, verificata dal fornitore, collegherà il nuovo
                account.
              </p>
              <SubmitButton variant="danger" className="btn-sm">
                Conferma: scollega l’accesso unico
              </SubmitButton>
            </form>
          </details>
        </section>
      ) : null}

      <section className="mb-5" aria-labelledby="pw-title">
        <h2 id="pw-title" className="h4">
          Password
        </h2>
        <form action={action}>
          <input type="hidden" name="id" value={id} />
          <input type="hidden" name="op" value="reset-password" />
          <Field
            name="password"
            label="Nuova password (facoltativa)"
            type="password"
            autoComplete="new-password"
            help="Lascia vuoto per generarne una temporanea. Le sessioni aperte dell’utente vengono chiuse."
          />
          <SubmitButton variant="outline-primary">Imposta una nuova password</SubmitButton>
        </form>
      </section>
    </>
  );
}
