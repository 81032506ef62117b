'use client';

import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { TotpCodeField } from '@/components/dashboard/TotpCodeField';
import { confirmTotpAction, disableTotpAction } from '../actions';

export function ConfirmTotpForm() {
  const [state, action] = useActionState(confirmTotpAction, IDLE);
  return (
    <form action={action}>
      {state.status === 'error' && state.message ? <Notice kind="error">{state.message}</Notice> : null}
      <TotpCodeField error={firstError(state, 'code')} />
      <SubmitButton>Attiva</SubmitButton>
    </form>
  );
}

export function DisableTotpForm() {
  const [state, action] = useActionState(disableTotpAction, IDLE);
  return (
    <form action={action}>
      {state.status === 'error' && state.message ? <Notice kind="error">{state.message}</Notice> : null}
      <Field name="password" label="La tua password" type="password" autoComplete="current-password" required error={firstError(state, 'password')} />
      <TotpCodeField error={firstError(state, 'code')} />
      <SubmitButton variant="outline-danger">Disattiva la verifica in due passaggi</SubmitButton>
    </form>
  );
}
