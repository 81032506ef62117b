import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { invalidInput } from '../errors';
import { hashPassword, passwordProblem } from './password';
import { assertActor, type AnyActor } from '../access/actor';
import { TEMPORARY_PASSWORD_MS } from './policy';
import { endUserSessions } from './sessions';
import { generateTemporaryPassword } from './staff-schema';
import { loadStaffUser } from './staff-target';

/**
 * An admin (or the CLI, as the system) removes a user's authenticator, e.g. after a lost phone. The
 * user's sessions end; at the next login they sign in with the password only, or are asked to set
 * TOTP up again when it is mandatory.
 */
export async function resetStaffTotp(ctx: AppContext, { actor, userId }: { actor: AnyActor; userId: string }): Promise<{ email: string }> {
  assertActor(actor, 'ADMIN');
  return ctx.db.$transaction(async (tx) => {
    const user = await loadStaffUser(tx, userId);
    await tx.staffUser.update({ where: { id: user.id }, data: { totpEnabled: false, totpSecretEnc: null, totpLastStep: null } });
    await endUserSessions(ctx, tx, user.id);
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { email: user.email, field: 'totp', to: 'reset' } });
    return { email: user.email };
  });
}

/**
 * An admin sets a new password for someone who lost theirs (generated and shown once if omitted).
 * It is temporary (changed at the next login, refused after TEMPORARY_PASSWORD_MS).
 */
export async function resetStaffPassword(
  ctx: AppContext,
  { actor, userId, password }: { actor: AnyActor; userId: string; password?: string },
): Promise<{ temporaryPassword: string | null }> {
  assertActor(actor, 'ADMIN');
  const user = await loadStaffUser(ctx.db, userId);
  const chosen = password?.length ? password : null;
  const next = chosen ?? generateTemporaryPassword();
  const problem = passwordProblem(next, user.email);
  if (problem) throw invalidInput(problem, { password: [problem] });
  const passwordHash = await hashPassword(next);
  await ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({
      where: { id: user.id },
      data: {
        passwordHash,
        passwordExpiresAt: new Date(ctx.now().getTime() + TEMPORARY_PASSWORD_MS),
        failedLogins: 0,
        lockedUntil: null,
      },
    });
    await endUserSessions(ctx, tx, user.id);
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { email: user.email, field: 'password', to: 'reset' } });
  });
  return { temporaryPassword: chosen ? null : next };
}
