'use client';

import { useActionState } from 'react';
import { IDLE } from '../action-state';
import { Notice } from '../Notice';
import { SubmitButton } from '../SubmitButton';
import type { CommandAction } from './CommandForm';

/** The last step of the launch: one button, with the choice made on the previous step. */
export function LaunchConfirmForm({ action, welcome }: { action: CommandAction; welcome: boolean }) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction}>
      <input type="hidden" name="welcome" value={welcome ? 'yes' : 'no'} />
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      <SubmitButton pendingLabel="Avvio in corso…">Sì, avvia il servizio</SubmitButton>
    </form>
  );
}
