import type { AppContext } from '../context';
import type { LoginMethod } from '../generated/prisma/client';
import { recordAudit } from '../audit/record';
import type { LoggedIn } from './login-result';
import { startSession } from './sessions';

/** Success, however the user proved who they are: reset the brakes, open a session, audit it. */
export async function completeLogin(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'now'>,
  user: { id: string; email: string; name: string; role: 'ADMIN' | 'EDITOR' | 'VIEWER'; sessionVersion: number },
  /** totpStep: the code's time step, already claimed by checkTotpStep (recorded in the audit only). */
  input: { method: LoginMethod; ip: string | null; userAgent?: string | null; totpStep?: number },
): Promise<LoggedIn> {
  const session = await ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({
      where: { id: user.id },
      data: { failedLogins: 0, lockedUntil: null, lastLoginAt: ctx.now() },
    });
    const s = await startSession(ctx, tx, { userId: user.id, method: input.method, ip: input.ip, userAgent: input.userAgent });
    await recordAudit(ctx, tx, {
      actor: { kind: 'staff', id: user.id, email: user.email, name: user.name, role: user.role },
      action: 'login',
      details: { method: input.method.toLowerCase(), ...(input.totpStep !== undefined ? { totp: true } : {}) },
      ip: input.ip ?? undefined,
    });
    return s;
  });
  return { ok: true, userId: user.id, sessionId: session.id, sessionVersion: user.sessionVersion };
}
