'use client';

import { useActionState } from 'react';
import { IDLE, type ActionState } from '../action-state';
import { Notice } from '../Notice';
import { SubmitButton } from '../SubmitButton';

/**
 * The two decisions on a template Meta moved to MARKETING: ask Meta again for UTILITY, or accept
 * MARKETING (alerts then go at its price). Both are audited by the use cases behind the actions.
 */
export function TemplateDecisionForm({
  name,
  language,
  canResubmit,
  resubmit,
  accept,
}: {
  name: string;
  language: string;
  canResubmit: boolean;
  resubmit: (prev: ActionState, form: FormData) => Promise<ActionState>;
  accept: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  const [resubmitState, resubmitAction] = useActionState(resubmit, IDLE);
  const [acceptState, acceptAction] = useActionState(accept, IDLE);
  const state = acceptState.message ? acceptState : resubmitState;
  return (
    <div className="mt-2">
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      <div className="d-flex flex-wrap gap-2">
        {canResubmit ? (
          <form action={resubmitAction}>
            <input type="hidden" name="name" value={name} />
            <input type="hidden" name="language" value={language} />
            <SubmitButton pendingLabel="Invio a Meta…">Ripresenta come UTILITY</SubmitButton>
          </form>
        ) : null}
        <form action={acceptAction}>
          <input type="hidden" name="name" value={name} />
          <input type="hidden" name="language" value={language} />
          <SubmitButton pendingLabel="Registrazione…" variant="outline-danger">
            Accetta la categoria MARKETING
          </SubmitButton>
        </form>
      </div>
    </div>
  );
}
