import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import type { StaffUser } from '../generated/prisma/client';
import { completeLogin } from './complete-login';
import { LOGIN_MESSAGES, type LoginResult } from './login-result';
import { checkIpLimit, countIpFailure, isAccountWaiting, recordFailure } from './login-throttle';
import { readLoginTicket } from './login-ticket';
import { verifyTotp } from './totp';

/**
 * Verifies a TOTP code for a user whose password was just accepted. A wrong code counts as a
 * failed login (same back-off as a wrong password: six digits are guessable otherwise).
 * Returns the accepted time step, or null.
 */
export async function checkTotpStep(
  ctx: AppContext,
  user: Pick<StaffUser, 'id' | 'email' | 'totpSecretEnc' | 'totpLastStep'>,
  code: string,
  ip: string | null,
): Promise<number | null> {
  const secret = user.totpSecretEnc ? ctx.cipher.decrypt(user.totpSecretEnc) : null;
  const check = secret ? verifyTotp(secret, code, ctx.now(), user.totpLastStep) : { ok: false as const };
  if (check.ok) {
    // Claim the step atomically: two requests racing with the same code cannot both pass.
    const claimed = await ctx.db.staffUser.updateMany({
      where: { id: user.id, OR: [{ totpLastStep: null }, { totpLastStep: { lt: check.step } }] },
      data: { totpLastStep: check.step },
    });
    if (claimed.count === 1) return check.step;
  }
  await recordFailure(ctx, user.id);
  await countIpFailure(ctx, ip);
  await recordAudit(ctx, ctx.db, {
    actor: null,
    actorEmail: user.email,
    action: 'login_failed',
    target: user.id,
    details: { reason: 'bad_code', method: 'password' },
    ip: ip ?? undefined,
  });
  return null;
}

/** Step two of a password login: the ticket from step one plus the code from the app. */
export async function loginWithCode(ctx: AppContext, input: { ticket: string; code: string; ip: string | null }): Promise<LoginResult> {
  const limit = await checkIpLimit(ctx, input.ip);
  if (!limit.allowed) {
    return { ok: false, reason: 'rate_limited', message: LOGIN_MESSAGES.rateLimited(Math.ceil(limit.retryAfter / 60)) };
  }
  const t = readLoginTicket(ctx, input.ticket);
  const user = t ? await ctx.db.staffUser.findUnique({ where: { id: t.userId } }) : null;
  if (!t || !user || user.disabled || user.sessionVersion !== t.sessionVersion || !user.totpEnabled) {
    return { ok: false, reason: 'ticket_expired', message: LOGIN_MESSAGES.ticketExpired };
  }
  if (await isAccountWaiting(ctx, user, input.ip)) {
    return { ok: false, reason: 'code_invalid', message: LOGIN_MESSAGES.codeInvalid, ticket: input.ticket };
  }
  const step = await checkTotpStep(ctx, user, input.code, input.ip);
  if (step === null) return { ok: false, reason: 'code_invalid', message: LOGIN_MESSAGES.codeInvalid, ticket: input.ticket };
  return completeLogin(ctx, user, { method: 'PASSWORD', ip: input.ip, totpStep: step });
}
