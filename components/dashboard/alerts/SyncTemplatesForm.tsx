'use client';

import { useActionState } from 'react';
import { IDLE, type ActionState } from '../action-state';
import { Notice } from '../Notice';
import { SubmitButton } from '../SubmitButton';

/** One button: sync with Meta (which also submits the standard templates that are missing). */
export function SyncTemplatesForm({ action, missing }: { action: () => Promise<ActionState>; missing: number }) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="mb-4">
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      <p className="mb-2">
        {missing > 0
          ? `${missing === 1 ? 'Un modello standard non è ancora stato inviato' : `${missing} modelli standard non sono ancora stati inviati`} a Meta: la sincronizzazione li invia per l’approvazione.`
          : 'La sincronizzazione aggiorna lo stato di ogni modello come lo vede Meta.'}
      </p>
      <SubmitButton pendingLabel="Sincronizzazione…">Sincronizza con Meta</SubmitButton>
    </form>
  );
}
