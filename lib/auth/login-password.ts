import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { completeLogin } from './complete-login';
import { checkTotpStep } from './login-code';
import { LOGIN_MESSAGES, type LoginResult } from './login-result';
import { releaseAccountAttempt, reserveAccountAttempt, reserveIpAttempt, reserveUnknownEmailAttempt } from './login-throttle';
import { issueLoginTicket } from './login-ticket';
import { FREE_FAILURES } from './policy';
import { burnPasswordCheck, isPasswordBusy, verifyPassword } from './password';

export interface PasswordLoginInput {
  email: string;
  password: string;
  /** Optional: the TOTP code in the same request (single-step clients); the form asks for it after. */
  code?: string;
  ip: string | null;
  /** The User-Agent header, summarised on the session row (profile: open sessions). */
  userAgent?: string | null;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** The argon2 queue was full: answer at once, verify nothing (the form shows the message; next-auth's endpoint redirects with ?error=busy). */
export const busyResult = (): LoginResult => ({ ok: false, reason: 'busy', message: LOGIN_MESSAGES.busy });

/**
 * Step one of a password login. Unknown emails, wrong passwords, disabled accounts and accounts
 * waiting after too many failures all get the same answer. Each brake reserves its attempt before
 * the password is looked at (login-throttle.ts); a refused reservation is never verified.
 */
export async function loginWithPassword(ctx: AppContext, input: PasswordLoginInput): Promise<LoginResult> {
  try {
    return await passwordStep(ctx, input);
  } catch (e) {
    if (!isPasswordBusy(e)) throw e;
    ctx.log.warn('login refused: argon2 queue full');
    return busyResult();
  }
}

async function passwordStep(ctx: AppContext, input: PasswordLoginInput): Promise<LoginResult> {
  const ipAttempt = await reserveIpAttempt(ctx, input.ip);
  if (!ipAttempt.allowed) {
    ctx.log.warn('login rate limited', { retryAfter: ipAttempt.retryAfter });
    return { ok: false, reason: 'rate_limited', message: LOGIN_MESSAGES.rateLimited(Math.ceil(ipAttempt.retryAfter / 60)) };
  }
  const email = normaliseEmail(input.email).slice(0, 254);
  const password = input.password.slice(0, 1024);
  const fail = async (userId: string | null, reason: string): Promise<LoginResult> => {
    await recordAudit(ctx, ctx.db, {
      actor: null,
      actorEmail: email,
      action: 'login_failed',
      target: userId ?? undefined,
      details: { reason, method: 'password' },
      ip: input.ip ?? undefined,
    });
    return { ok: false, reason: 'invalid', message: LOGIN_MESSAGES.invalid };
  };

  const user = email ? await ctx.db.staffUser.findUnique({ where: { email } }) : null;
  if (!user) {
    // Same cost as a real account (argon2 while it would verify, nothing once it would wait).
    if ((await reserveUnknownEmailAttempt(ctx, email)).allowed) await burnPasswordCheck(password);
    return fail(null, 'unknown_email');
  }
  const account = await reserveAccountAttempt(ctx, user.id, input.ip, { knownNetworkExempt: true });
  if (!account.allowed) return fail(user.id, 'waiting');
  if (!(await verifyPassword(user.passwordHash, password))) return fail(user.id, account.failures > FREE_FAILURES ? 'bad_password_wait' : 'bad_password');
  if (user.disabled) return fail(user.id, 'disabled');
  if (user.passwordExpiresAt && user.passwordExpiresAt.getTime() <= ctx.now().getTime()) {
    // The password was right, so saying precisely why does not help a guesser.
    await ipAttempt.release();
    await recordAudit(ctx, ctx.db, {
      actor: null,
      actorEmail: email,
      action: 'login_failed',
      target: user.id,
      details: { reason: 'temporary_password_expired', method: 'password' },
      ip: input.ip ?? undefined,
    });
    return { ok: false, reason: 'temporary_expired', message: LOGIN_MESSAGES.temporaryExpired };
  }

  if (user.totpEnabled && user.totpSecretEnc) {
    await releaseAccountAttempt(ctx, user.id);
    const ticket = issueLoginTicket(ctx, user);
    if (!input.code) {
      await ipAttempt.release();
      return { ok: false, reason: 'code_required', message: '', ticket };
    }
    const check = await checkTotpStep(ctx, user, input.code, input.ip, { ticket, issuedAt: ctx.now() });
    if (!check.ok) return { ok: false, reason: 'code_invalid', message: LOGIN_MESSAGES.codeInvalid, ticket };
    await ipAttempt.release();
    return completeLogin(ctx, user, { method: 'PASSWORD', ip: input.ip, userAgent: input.userAgent, totpStep: check.step });
  }
  await ipAttempt.release();
  return completeLogin(ctx, user, { method: 'PASSWORD', ip: input.ip, userAgent: input.userAgent });
}
