import { Field, type FieldProps } from './Field';

/**
 * The authenticator's 6-digit code, the same field wherever it is asked (the login's second step,
 * TOTP set-up and removal): numeric keyboard, the browser's one-time-code autofill, at most 7
 * characters ("123 456" is accepted). The places differ only in their help text, error and focus.
 */
export function TotpCodeField({ help = 'Il codice di 6 cifre che l’app mostra ora.', ...rest }: Omit<FieldProps, 'name' | 'label'>) {
  return <Field name="code" label="Codice di verifica" help={help} inputMode="numeric" autoComplete="one-time-code" maxLength={7} required {...rest} />;
}
