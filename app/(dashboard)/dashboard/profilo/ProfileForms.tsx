'use client';

import { useActionState } from 'react';
import { firstError, IDLE, type ActionState } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { NewPasswordFields } from '@/components/dashboard/NewPasswordFields';
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
      <Field name="current" label="Password attuale" type="password" autoComplete="current-password" required error={firstError(state, 'current')} />
      <NewPasswordFields email={email} state={state} />
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
