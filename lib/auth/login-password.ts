import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { completeLogin } from './complete-login';
import { checkTotpStep } from './login-code';
import { LOGIN_MESSAGES, type LoginResult } from './login-result';
import { checkIpLimit, countIpFailure, isAccountWaiting, recordFailure } from './login-throttle';
import { issueLoginTicket } from './login-ticket';
import { burnPasswordCheck, verifyPassword } from './password';

export interface PasswordLoginInput {
  email: string;
  password: string;
  /** Optional: the TOTP code in the same request (single-step clients); the form asks for it after. */
  code?: string;
  ip: string | null;
}

export const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/**
 * Step one of a password login. Unknown emails, wrong passwords, disabled accounts and accounts
 * waiting after too many failures all get the same answer after about the same time.
 */
export async function loginWithPassword(ctx: AppContext, input: PasswordLoginInput): Promise<LoginResult> {
  const limit = await checkIpLimit(ctx, input.ip);
  if (!limit.allowed) {
    ctx.log.warn('login rate limited', { retryAfter: limit.retryAfter });
    return { ok: false, reason: 'rate_limited', message: LOGIN_MESSAGES.rateLimited(Math.ceil(limit.retryAfter / 60)) };
  }
  const email = normaliseEmail(input.email).slice(0, 254);
  const password = input.password.slice(0, 1024);
  const fail = async (userId: string | null, reason: string): Promise<LoginResult> => {
    await countIpFailure(ctx, input.ip);
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
    await burnPasswordCheck(password);
    return fail(null, 'unknown_email');
  }
  if (await isAccountWaiting(ctx, user, input.ip)) {
    await burnPasswordCheck(password);
    return fail(user.id, 'waiting');
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    const f = await recordFailure(ctx, user.id);
    return fail(user.id, f.lockedUntil ? 'bad_password_wait' : 'bad_password');
  }
  if (user.disabled) return fail(user.id, 'disabled');

  if (user.totpEnabled && user.totpSecretEnc) {
    const ticket = issueLoginTicket(ctx, user);
    if (!input.code) return { ok: false, reason: 'code_required', message: '', ticket };
    const step = await checkTotpStep(ctx, user, input.code, input.ip);
    if (step === null) return { ok: false, reason: 'code_invalid', message: LOGIN_MESSAGES.codeInvalid, ticket };
    return completeLogin(ctx, user, { method: 'PASSWORD', ip: input.ip, totpStep: step });
  }
  return completeLogin(ctx, user, { method: 'PASSWORD', ip: input.ip });
}
