import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import { assertActor, type AnyActor } from '../access/actor';
import type { Role } from '../access/roles';
import { endUserSessions } from './sessions';
import { roleSchema } from './staff-schema';
import { assertAnotherActiveAdmin, loadStaffUser } from './staff-target';

/** A new role takes effect at the next request; the user's sessions end so menus are not stale. */
export async function changeStaffRole(ctx: AppContext, { actor, userId, role }: { actor: AnyActor; userId: string; role: Role }): Promise<void> {
  assertActor(actor, 'ADMIN');
  const next = roleSchema.parse(role);
  await ctx.db.$transaction(async (tx) => {
    const user = await loadStaffUser(tx, userId);
    if (user.role === next) return;
    if (user.role === 'ADMIN') {
      if (actor.kind === 'staff' && actor.id === user.id) throw new AppError('conflict', 'Non puoi togliere a te stesso il ruolo di amministratore.');
      await assertAnotherActiveAdmin(tx, user.id);
    }
    await tx.staffUser.update({ where: { id: user.id }, data: { role: next } });
    await endUserSessions(ctx, tx, user.id);
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { email: user.email, field: 'role', from: user.role, to: next } });
  });
}
