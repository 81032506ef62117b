'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { resetPasswordAction } from './actions';

export function ResetForm({ token, email }: { token: string; email: string }) {
  const [state, action] = useActionState(resetPasswordAction, IDLE);
  return (
    <form action={action} noValidate aria-describedby="reset-intro">
      <p id="reset-intro">
        Scegli la nuova password per <strong>{email}</strong>. Dopo il cambio tutte le sessioni aperte con il tuo account verranno chiuse e accederai di nuovo.
      </p>
      {state.status === 'error' && state.message ? (
        <Notice kind="error" className="mb-4">
          {state.message}
          {state.fieldErrors ? null : (
            <>
              {' '}
              <Link href="/accedi/password-dimenticata">Chiedi un nuovo link</Link>
            </>
          )}
        </Notice>
      ) : null}
      <input type="hidden" name="token" value={token} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field
        name="next"
        label="Nuova password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        help="Almeno 12 caratteri, diversa dalla tua email. Una frase di alcune parole va benissimo."
        error={firstError(state, 'next')}
      />
      <Field name="confirm" label="Ripeti la nuova password" type="password" autoComplete="new-password" required error={firstError(state, 'confirm')} />
      <SubmitButton className="w-100">Salva la nuova password</SubmitButton>
    </form>
  );
}
