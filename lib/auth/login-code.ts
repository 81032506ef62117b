import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import type { StaffUser } from '../generated/prisma/client';
import { completeLogin } from './complete-login';
import { LOGIN_MESSAGES, type LoginResult } from './login-result';
import { reserveAccountAttempt, reserveIpAttempt, reserveTicketAttempt } from './login-throttle';
import { readLoginTicket } from './login-ticket';
import { verifyTotp } from './totp';

export type TotpCheck = { ok: true; step: number } | { ok: false; why: 'invalid' | 'waiting' | 'ticket_exhausted' };

/**
 * Verifies a TOTP code for a user whose password was just accepted. Before the code is looked at,
 * one attempt is reserved on the login ticket (TICKET_CODE_ATTEMPTS) and one on the account (the
 * same back-off as a wrong password: six digits are guessable otherwise); a refused reservation is
 * not verified. Returns the accepted time step, claimed atomically.
 */
export async function checkTotpStep(
  ctx: AppContext,
  user: Pick<StaffUser, 'id' | 'email' | 'totpSecretEnc' | 'totpLastStep'>,
  code: string,
  ip: string | null,
  ticket: { ticket: string; issuedAt: Date },
): Promise<TotpCheck> {
  const audit = (reason: string) =>
    recordAudit(ctx, ctx.db, {
      actor: null,
      actorEmail: user.email,
      action: 'login_failed',
      target: user.id,
      details: { reason, method: 'password' },
      ip: ip ?? undefined,
    });
  if (!(await reserveTicketAttempt(ctx, ticket.ticket, ticket.issuedAt)).allowed) {
    await audit('ticket_exhausted');
    return { ok: false, why: 'ticket_exhausted' };
  }
  if (!(await reserveAccountAttempt(ctx, user.id, ip, { knownNetworkExempt: true })).allowed) {
    await audit('waiting');
    return { ok: false, why: 'waiting' };
  }
  const check = verifyTotpCode(ctx, user, code);
  if (check.ok && (await claimTotpStep(ctx, user.id, check.step))) return { ok: true, step: check.step };
  await audit('bad_code');
  return { ok: false, why: 'invalid' };
}

/** The code check alone (no brake): callers reserve their attempts first. */
export function verifyTotpCode(
  ctx: Pick<AppContext, 'cipher' | 'now'>,
  user: Pick<StaffUser, 'totpSecretEnc' | 'totpLastStep'>,
  code: string,
): { ok: true; step: number } | { ok: false } {
  const secret = user.totpSecretEnc ? ctx.cipher.decrypt(user.totpSecretEnc) : null;
  return secret ? verifyTotp(secret, code, ctx.now(), user.totpLastStep) : { ok: false };
}

/** Claim the step atomically: two requests racing with the same code cannot both pass. */
export async function claimTotpStep(ctx: Pick<AppContext, 'db'>, userId: string, step: number): Promise<boolean> {
  const claimed = await ctx.db.staffUser.updateMany({
    where: { id: userId, OR: [{ totpLastStep: null }, { totpLastStep: { lt: step } }] },
    data: { totpLastStep: step },
  });
  return claimed.count === 1;
}

/** Step two of a password login: the ticket from step one plus the code from the app. */
export async function loginWithCode(
  ctx: AppContext,
  input: { ticket: string; code: string; ip: string | null; userAgent?: string | null },
): Promise<LoginResult> {
  const ipAttempt = await reserveIpAttempt(ctx, input.ip);
  if (!ipAttempt.allowed) {
    return { ok: false, reason: 'rate_limited', message: LOGIN_MESSAGES.rateLimited(Math.ceil(ipAttempt.retryAfter / 60)) };
  }
  const t = readLoginTicket(ctx, input.ticket);
  const user = t ? await ctx.db.staffUser.findUnique({ where: { id: t.userId } }) : null;
  if (!t || !user || user.disabled || user.sessionVersion !== t.sessionVersion || !user.totpEnabled) {
    return { ok: false, reason: 'ticket_expired', message: LOGIN_MESSAGES.ticketExpired };
  }
  const check = await checkTotpStep(ctx, user, input.code, input.ip, { ticket: input.ticket, issuedAt: t.issuedAt });
  if (!check.ok) {
    // Out of attempts on this ticket: back to the password step (which the account's brake counts).
    if (check.why === 'ticket_exhausted') return { ok: false, reason: 'ticket_expired', message: LOGIN_MESSAGES.ticketExpired };
    return { ok: false, reason: 'code_invalid', message: LOGIN_MESSAGES.codeInvalid, ticket: input.ticket };
  }
  await ipAttempt.release();
  return completeLogin(ctx, user, { method: 'PASSWORD', ip: input.ip, userAgent: input.userAgent, totpStep: check.step });
}
