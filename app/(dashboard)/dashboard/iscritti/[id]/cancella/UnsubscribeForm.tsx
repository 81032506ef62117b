'use client';

import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { TextAreaField } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { unsubscribeAction } from '../../actions';

export function UnsubscribeForm({ id }: { id: string }) {
  const [state, action] = useActionState(unsubscribeAction, IDLE);
  return (
    <form action={action}>
      {state.status === 'error' && state.message ? <Notice kind="error">{state.message}</Notice> : null}
      <input type="hidden" name="id" value={id} />
      <TextAreaField
        name="note"
        label="Nota (facoltativa)"
        rows={2}
        maxLength={300}
        defaultValue={state.values?.note ?? ''}
        help="Ad esempio «richiesta telefonica all’URP». Non scrivere nomi o numeri: la nota va nel registro attività."
        error={firstError(state, 'note')}
      />
      <SubmitButton variant="danger" pendingLabel="Cancellazione…">
        Conferma la cancellazione
      </SubmitButton>
    </form>
  );
}
