'use client';

import { useActionState } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { requestResetAction } from './actions';

export function ForgotForm() {
  const [state, action] = useActionState(requestResetAction, IDLE);
  if (state.status === 'ok') {
    return (
      <>
        <Notice kind="success">{state.message}</Notice>
        <p>Non arriva? Controlla la posta indesiderata, oppure chiedi a un amministratore di impostarti una password temporanea.</p>
      </>
    );
  }
  return (
    <form action={action} noValidate>
      {state.message ? (
        <Notice kind="error" className="mb-4">
          {state.message}
        </Notice>
      ) : null}
      <Field name="email" label="Email" type="email" autoComplete="username" required help="L’indirizzo con cui accedi all’area redazione." />
      <SubmitButton className="w-100">Invia il link</SubmitButton>
    </form>
  );
}
