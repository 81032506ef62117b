'use client';

import { useActionState } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { revealNumberAction } from './actions';

/** "Mostra numero" for admins: the number appears here once; the action is in the audit log. */
export function RevealNumber({ id, masked }: { id: string; masked: string }) {
  const [state, action] = useActionState(revealNumberAction, IDLE);
  return (
    <form action={action} className="d-inline">
      <input type="hidden" name="id" value={id} />
      <span role="status" className="me-2">
        {state.secret ? (
          <>
            <span className="visually-hidden">Numero completo: </span>
            <strong>{state.secret}</strong>
          </>
        ) : state.status === 'error' ? (
          <span className="text-danger">{state.message}</span>
        ) : null}
      </span>
      {state.secret ? null : (
        <SubmitButton variant="outline-primary" className="btn-xs py-0 px-2" pendingLabel="…">
          Mostra numero<span className="visually-hidden"> {masked} (viene registrato)</span>
        </SubmitButton>
      )}
    </form>
  );
}
