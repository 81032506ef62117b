import { firstError, type ActionState } from './action-state';
import { Field } from './Field';

/**
 * The new password twice, with the policy in plain words, and the account's e-mail hidden so
 * password managers file the new password under the right account. Used by the profile's
 * "Cambia password" and the reset page of "Password dimenticata?"; the fields are `next` and
 * `confirm`, as both actions read them.
 */
export function NewPasswordFields({ email, state }: { email: string; state: ActionState }) {
  return (
    <>
      <input type="hidden" name="username" autoComplete="username" value={email} />
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
    </>
  );
}
