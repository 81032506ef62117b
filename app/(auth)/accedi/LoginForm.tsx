'use client';

import { useActionState } from 'react';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { TotpCodeField } from '@/components/dashboard/TotpCodeField';
import { loginAction } from './actions';
import type { LoginState } from './login-state';

/** Two steps in one form: email and password, then (only for who uses it) the authenticator's code. */
export function LoginForm({ next }: { next: string }) {
  const [state, action] = useActionState<LoginState, FormData>(loginAction, { step: 'password' });
  return <LoginFormView state={state} action={action} next={next} />;
}

/** The form for a given state (the action's last answer), apart from the hook so tests can render it. */
export function LoginFormView({ state, action, next }: { state: LoginState; action: (fd: FormData) => void; next: string }) {
  const codeStep = state.step === 'code';
  return (
    <form action={action} noValidate>
      <input type="hidden" name="next" value={next} />
      {state.message ? (
        <Notice kind="error" className="mb-4">
          {state.message}
        </Notice>
      ) : null}
      {codeStep ? (
        <>
          <input type="hidden" name="ticket" value={state.ticket} />
          <p id="code-intro">Apri l’app di autenticazione sul telefono e scrivi il codice di 6 cifre che mostra per questo servizio.</p>
          <TotpCodeField help="Il codice cambia ogni 30 secondi." pattern="[0-9 ]{6,7}" autoFocus />
          <SubmitButton className="w-100">Accedi</SubmitButton>
          <p className="mt-3">
            <a href={`/accedi?next=${encodeURIComponent(next)}`}>Ricomincia con email e password</a>
          </p>
        </>
      ) : (
        <>
          <Field name="email" label="Email" type="email" autoComplete="username" required defaultValue={state.email} key={`e-${state.email ?? ''}`} />
          <Field name="password" label="Password" type="password" autoComplete="current-password" required />
          <SubmitButton className="w-100">Accedi</SubmitButton>
        </>
      )}
    </form>
  );
}
