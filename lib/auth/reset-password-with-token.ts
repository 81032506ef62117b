import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError, invalidInput } from '../errors';
import { hashPassword, passwordProblem } from './password';
import { hashResetToken, looksLikeResetToken } from './password-reset-token';
import { endUserSessions } from './sessions';

export const RESET_LINK_INVALID_MESSAGE =
  'Il link per scegliere una nuova password non è valido, è scaduto o è già stato usato. Chiedine uno nuovo da “Password dimenticata?”.';

const linkInvalid = () => new AppError('not_found', RESET_LINK_INVALID_MESSAGE, { resetLinkInvalid: true });

async function openLink(ctx: Pick<AppContext, 'db' | 'now'>, token: string) {
  if (!looksLikeResetToken(token)) return null;
  const row = await ctx.db.passwordResetToken.findUnique({
    where: { tokenHash: hashResetToken(token) },
    include: { staffUser: { select: { id: true, email: true, name: true, role: true, disabled: true } } },
  });
  if (!row || row.expiresAt <= ctx.now() || row.staffUser.disabled) return null;
  return row;
}

/**
 * For the page the link opens: whether it still works, and for whom (the form shows the address).
 * Only looks: opening the link (or a mail scanner fetching it) does not use it up.
 */
export async function checkPasswordResetLink(ctx: Pick<AppContext, 'db' | 'now'>, { token }: { token: string }): Promise<{ email: string } | null> {
  const row = await openLink(ctx, token);
  return row ? { email: row.staffUser.email } : null;
}

export interface ResetWithTokenInput {
  token: string;
  next: string;
  confirm: string;
  ip: string | null;
}

/**
 * Sets the password chosen from a reset link. The password policy is checked first (a typo does
 * not use the link up); then, in one transaction, the statement that deletes the token only if it
 * is still open decides: of two parallel uses exactly one deletes it, the other is refused with
 * RESET_LINK_INVALID_MESSAGE. The new password is the user's own (not temporary), the account's
 * failure counter is cleared, and every session of the user ends. TOTP stays as it was: the mail
 * replaces the password, never the second factor.
 */
export async function resetPasswordWithToken(ctx: AppContext, input: ResetWithTokenInput): Promise<{ email: string }> {
  const row = await openLink(ctx, input.token);
  if (!row) throw linkInvalid();
  const user = row.staffUser;
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw invalidInput(problem, { next: [problem] });
  if (input.next !== input.confirm) throw invalidInput('Le due password non coincidono.', { confirm: ['Le due password non coincidono.'] });
  const passwordHash = await hashPassword(input.next);
  await ctx.db.$transaction(async (tx) => {
    const used = await tx.passwordResetToken.deleteMany({ where: { tokenHash: row.tokenHash, staffUserId: user.id, expiresAt: { gt: ctx.now() } } });
    if (used.count !== 1) throw linkInvalid();
    await tx.staffUser.update({ where: { id: user.id }, data: { passwordHash, passwordExpiresAt: null, failedLogins: 0, lockedUntil: null } });
    await endUserSessions(ctx, tx, user.id);
    await recordAudit(ctx, tx, {
      actor: { kind: 'staff', id: user.id, email: user.email, name: user.name, role: user.role },
      action: 'password_reset',
      target: user.id,
      details: { via: 'email_link', sessionsEnded: true },
      ip: input.ip ?? undefined,
    });
  });
  return { email: user.email };
}
