import type { LoginFailure } from '@/lib/auth/login-result';

/** What the login form holds between its server action's answers (React's useActionState). */
export interface LoginState {
  step: 'password' | 'code';
  message?: string;
  ticket?: string;
  email?: string;
}

/**
 * The form's state after a refused attempt. Every refusal — a wrong password, the per-IP limit,
 * and the argon2 queue being full ("Troppi tentativi in corso, riprova tra poco.") — is a message
 * shown in the form, answered with HTTP 200 like every server action: the action has no status
 * code of its own to give, and a 429 would replace the page instead of keeping the form and the
 * typed email (docs/security.md, "Login brakes in the browser").
 */
export function refusedLoginState(r: LoginFailure, email: string): LoginState {
  if ('ticket' in r) return { step: 'code', ticket: r.ticket, message: r.message || undefined };
  return { step: 'password', email: r.reason === 'ticket_expired' ? '' : email, message: r.message };
}
