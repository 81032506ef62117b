'use client';

import { useActionState } from 'react';
import { IDLE } from '@/components/dashboard/action-state';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { revokeApiKeyAction } from './actions';

/**
 * Revoking asks for a second click (inside <details>): no JavaScript needed for the confirmation.
 * Stays mounted once the key is revoked, so the confirmation message survives the page refresh.
 */
export function RevokeApiKeyForm({ id, name, revoked }: { id: string; name: string; revoked: boolean }) {
  const [state, action] = useActionState(revokeApiKeyAction, IDLE);
  if (state.status === 'ok') return <Notice kind="success">{state.message}</Notice>;
  if (revoked) return null;
  return (
    <details>
      <summary className="text-danger">Revoca…</summary>
      <form action={action} className="mt-2">
        <input type="hidden" name="id" value={id} />
        {state.message ? <Notice kind="error">{state.message}</Notice> : null}
        <p className="small mb-2">I sistemi che usano «{name}» smetteranno subito di funzionare.</p>
        <SubmitButton variant="danger" className="btn-sm">
          {`Revoca «${name}»`}
        </SubmitButton>
      </form>
    </details>
  );
}
