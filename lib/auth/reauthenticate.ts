import type { AppContext } from '../context';
import { AppError, invalidInput } from '../errors';
import { claimTotpStep, verifyTotpCode } from './login-code';
import { reserveAccountAttempt, reserveSessionReauth, resetAccountAttempts } from './login-throttle';
import { verifyPassword } from './password';
import type { StaffActor } from './session-check';

export const REAUTH_MESSAGES = {
  tooMany: (minutes: number) => `Troppi tentativi sbagliati. Riprova tra ${minutes} ${minutes === 1 ? 'minuto' : 'minuti'}.`,
  accountWaiting: 'Troppi tentativi sbagliati con questo account: riprova tra qualche minuto.',
  wrongPassword: 'La password non è corretta.',
  wrongCurrentPassword: 'La password attuale non è corretta.',
  wrongCode: 'Codice di verifica non valido. Controlla che l’ora del telefono sia corretta e riprova.',
} as const;

/**
 * Proof of identity inside an open session, before something that an intruder with a stolen
 * session must not do (change the password, remove TOTP). The same brakes as a login, counted
 * before anything is verified: per session (REAUTH_SESSION_LIMIT) and per account (the login's
 * back-off, without the known-network exemption: whoever holds the session is on a known network).
 * `code` is checked (and its time step claimed) when given a TOTP user and `requireCode`.
 * Throws invalid_input on `passwordField` / `code`, rate_limited when a brake refuses.
 */
export async function reauthenticate(
  ctx: AppContext,
  input: { actor: StaffActor; sessionId: string; password: string; passwordField: string; code?: string; requireCode?: boolean },
): Promise<void> {
  const perSession = await reserveSessionReauth(ctx, input.sessionId);
  if (!perSession.allowed) throw new AppError('rate_limited', REAUTH_MESSAGES.tooMany(Math.ceil(perSession.retryAfter / 60)));
  if (!(await reserveAccountAttempt(ctx, input.actor.id, null, { knownNetworkExempt: false })).allowed) {
    throw new AppError('rate_limited', REAUTH_MESSAGES.accountWaiting);
  }
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: input.actor.id } });
  if (!(await verifyPassword(user.passwordHash, input.password.slice(0, 1024)))) {
    const message = input.passwordField === 'current' ? REAUTH_MESSAGES.wrongCurrentPassword : REAUTH_MESSAGES.wrongPassword;
    throw invalidInput(message, { [input.passwordField]: [message] });
  }
  if (input.requireCode && user.totpEnabled) {
    const check = verifyTotpCode(ctx, user, input.code ?? '');
    if (!check.ok || !(await claimTotpStep(ctx, user.id, check.step))) throw invalidInput(REAUTH_MESSAGES.wrongCode, { code: [REAUTH_MESSAGES.wrongCode] });
  }
  await resetAccountAttempts(ctx, user.id);
  await perSession.release();
}
