'use client';

import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { createApiKeyAction } from './actions';

/** The new key is in the action's answer only: shown once here, never stored readable. */
export function CreateApiKeyForm() {
  const [state, action] = useActionState(createApiKeyAction, IDLE);
  const v = state.status === 'error' ? state.values : undefined;
  return (
    <form action={action} aria-labelledby="new-key-title" key={state.status === 'ok' ? state.message : 'form'}>
      <h2 id="new-key-title" className="h4">
        Nuova chiave
      </h2>
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {state.secret ? (
        <div className="callout callout-highlight mb-4">
          <p className="mb-1" id="new-key-label">
            Chiave API (mostrata solo ora):
          </p>
          <p className="mb-0 text-break">
            <code aria-labelledby="new-key-label" data-testid="new-api-key">
              {state.secret}
            </code>
          </p>
        </div>
      ) : null}
      <Field
        name="name"
        label="Nome"
        autoComplete="off"
        required
        maxLength={80}
        defaultValue={v?.name}
        help="Il sistema che userà la chiave, ad esempio «Sito del Comune» o «Protezione civile»."
        error={firstError(state, 'name')}
      />
      <SubmitButton>Crea la chiave</SubmitButton>
    </form>
  );
}
