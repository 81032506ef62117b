'use client';

import { useActionState } from 'react';
import { firstError, IDLE, type ActionState } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { changePasswordAction, setPhoneAction } from './actions';

function StateNotice({ state }: { state: ActionState }) {
  if (state.status === 'idle' || !state.message) return null;
  return <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice>;
}

export function PasswordForm({ email }: { email: string }) {
  const [state, action] = useActionState(changePasswordAction, IDLE);
  return (
    <form action={action} aria-labelledby="pw-title">
      <h2 id="pw-title" className="h4">
        Cambia password
      </h2>
      <StateNotice state={state} />
      {/* Lets password managers file the new password under the right account. */}
      <input type="hidden" name="username" autoComplete="username" value={email} />
      <Field name="current" label="Password attuale" type="password" autoComplete="current-password" required error={firstError(state, 'current')} />
      <Field
        name="next"
        label="Nuova password"
        type="password"
        autoComplete="new-password"
        minLength={12}
        required
        help="Almeno 12 caratteri, diversa dalla tua email. Una frase di alcune parole va benissimo."
        error={firstError(state, 'next')}
      />
      <Field name="confirm" label="Ripeti la nuova password" type="password" autoComplete="new-password" required error={firstError(state, 'confirm')} />
      <SubmitButton>Cambia password</SubmitButton>
    </form>
  );
}

export function PhoneForm({ masked }: { masked: string | null }) {
  const [state, action] = useActionState(setPhoneAction, IDLE);
  return (
    <form action={action} aria-labelledby="phone-title">
      <h2 id="phone-title" className="h4">
        Il tuo numero per le prove
      </h2>
      <p>Quando prepari un avviso puoi mandarne una prova a questo numero WhatsApp prima di inviarlo a tutti.</p>
      <p>
        {masked ? (
          <>
            Numero attuale: <strong>{masked}</strong>
          </>
        ) : (
          'Nessun numero salvato.'
        )}
      </p>
      <StateNotice state={state} />
      <Field
        name="phone"
        label="Cellulare"
        type="tel"
        autoComplete="tel"
        defaultValue={state.values?.phone ?? ''}
        help="Ad esempio 333 123 4567. Lascia vuoto e salva per toglierlo."
        error={firstError(state, 'phone')}
      />
      <SubmitButton>Salva numero</SubmitButton>
    </form>
  );
}
