'use client';

import { useActionState } from 'react';
import { firstError, IDLE } from '@/components/dashboard/action-state';
import { Field } from '@/components/dashboard/Field';
import { Notice } from '@/components/dashboard/Notice';
import { SubmitButton } from '@/components/dashboard/SubmitButton';
import { ROLES, ROLE_LABELS } from '@/lib/auth/staff-schema';
import { createUserAction } from './actions';
import { RoleHelp, SecretOnce } from './parts';

export function CreateUserForm() {
  const [state, action] = useActionState(createUserAction, IDLE);
  const v = state.status === 'error' ? state.values : undefined;
  return (
    <form action={action} aria-labelledby="new-user-title" key={state.status === 'ok' ? state.message : 'form'}>
      <h2 id="new-user-title" className="h4">
        Nuovo utente
      </h2>
      {state.message ? <Notice kind={state.status === 'ok' ? 'success' : 'error'}>{state.message}</Notice> : null}
      {state.secret ? <SecretOnce value={state.secret} /> : null}
      <Field name="email" label="Email" type="email" autoComplete="off" required defaultValue={v?.email} error={firstError(state, 'email')} />
      <Field name="name" label="Nome e cognome" autoComplete="off" defaultValue={v?.name} error={firstError(state, 'name')} />
      <div className="select-wrapper form-group">
        <label htmlFor="f-role" className="active">
          Ruolo
        </label>
        <select id="f-role" name="role" defaultValue={v?.role || 'EDITOR'} aria-describedby="role-help" required>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </select>
        <RoleHelp id="role-help" />
      </div>
      <Field
        name="password"
        label="Password (facoltativa)"
        type="password"
        autoComplete="new-password"
        help="Lascia vuoto per generare una password temporanea da comunicare all’utente."
        error={firstError(state, 'password')}
      />
      <SubmitButton>Crea utente</SubmitButton>
    </form>
  );
}
