import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { assertActor, type AnyActor } from '../access/actor';
import { endUserSessions } from './sessions';
import { assertAnotherActiveAdmin, loadStaffUser } from './staff-target';

/** Disabling ends the user's sessions at once; enabling also clears any login back-off. */
export async function setStaffDisabled(ctx: AppContext, { actor, userId, disabled }: { actor: AnyActor; userId: string; disabled: boolean }): Promise<void> {
  assertActor(actor, 'ADMIN');
  await ctx.db.$transaction(async (tx) => {
    const user = await loadStaffUser(tx, userId);
    if (user.disabled === disabled) return;
    if (disabled) {
      if (actor.kind === 'staff' && actor.id === user.id) throw new AppError('conflict', 'Non puoi disattivare il tuo account.');
      if (user.role === 'ADMIN') await assertAnotherActiveAdmin(tx, user.id);
      await tx.staffUser.update({ where: { id: user.id }, data: { disabled: true } });
      await endUserSessions(ctx, tx, user.id);
      await recordAudit(ctx, tx, { actor, action: 'user_disable', target: user.id, details: { email: user.email } });
    } else {
      await tx.staffUser.update({ where: { id: user.id }, data: { disabled: false, failedLogins: 0, lockedUntil: null } });
      await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { email: user.email, field: 'account', to: 'enabled' } });
    }
  });
}
