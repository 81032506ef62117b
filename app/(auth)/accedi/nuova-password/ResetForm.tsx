'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { NewPasswordFields } from '@/components/dashboard/NewPasswordFields';
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
      <NewPasswordFields email={email} state={state} />
      <SubmitButton className="w-100">Salva la nuova password</SubmitButton>
    </form>
  );
}
