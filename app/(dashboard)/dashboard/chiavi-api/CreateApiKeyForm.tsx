'use client';

import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { API_SCOPE_DESCRIPTIONS, API_SCOPES, DEFAULT_API_SCOPES } from '@/lib/access/api-scopes';
import { DEFAULT_API_KEY_DAYS, MAX_API_KEY_DAYS } from '@/lib/api-keys/api-key-schema';
import { createApiKeyAction } from './actions';

const EXPIRY_CHOICES = [30, DEFAULT_API_KEY_DAYS, 180, MAX_API_KEY_DAYS];

/** The new key is in the action's answer only: shown once here, never stored readable. */
export function CreateApiKeyForm() {
  const [state, action] = useActionState(createApiKeyAction, IDLE);
  const v = state.status === 'error' ? state.values : undefined;
  const checked = v ? (v.scopes ?? '').split(',') : [...DEFAULT_API_SCOPES];
  const scopesError = Object.entries(state.fieldErrors ?? {}).find(([k]) => k === 'scopes' || k.startsWith('scopes.'))?.[1][0];
  const expiryError = firstError(state, 'expiresInDays');
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
      <fieldset className="mb-3" aria-describedby={scopesError ? 'f-scopes-error' : 'f-scopes-help'}>
        <legend className="h6">Permessi</legend>
        <p id="f-scopes-help" className="small mb-2">
          Dai solo quello che serve al sistema che userà la chiave. Senza «invio» la chiave crea bozze, che una persona della redazione controlla e invia.
        </p>
        {API_SCOPES.map((scope) => (
          <div className="form-check" key={scope}>
            <input id={`f-scope-${scope}`} name="scopes" type="checkbox" value={scope} defaultChecked={checked.includes(scope)} />
            <label htmlFor={`f-scope-${scope}`}>
              <code>{scope}</code>: {API_SCOPE_DESCRIPTIONS[scope].it}
            </label>
          </div>
        ))}
        {scopesError ? (
          <div id="f-scopes-error" className="text-danger small mt-1">
            {scopesError}
          </div>
        ) : null}
      </fieldset>
      <div className="select-wrapper mb-4">
        <label htmlFor="f-expiresInDays">Scadenza</label>
        <select
          id="f-expiresInDays"
          name="expiresInDays"
          defaultValue={v?.expiresInDays || String(DEFAULT_API_KEY_DAYS)}
          aria-describedby={expiryError ? 'f-expiresInDays-error' : 'f-expiresInDays-help'}
          aria-invalid={expiryError ? true : undefined}
        >
          {EXPIRY_CHOICES.map((d) => (
            <option key={d} value={d}>
              {d === MAX_API_KEY_DAYS ? 'Tra un anno (il massimo)' : `Tra ${d} giorni`}
            </option>
          ))}
        </select>
        <small id="f-expiresInDays-help" className="form-text d-block">
          Dopo la scadenza la chiave è rifiutata: prima di allora creane una nuova e revoca la vecchia.
        </small>
        {expiryError ? (
          <div id="f-expiresInDays-error" className="text-danger small mt-1">
            {expiryError}
          </div>
        ) : null}
      </div>
      <SubmitButton>Crea la chiave</SubmitButton>
    </form>
  );
}
