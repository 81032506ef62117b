import type { Actor } from '../access/roles';
import type { AppContext } from '../context';

/** Marks the person's own notices as read (all of them). */
export async function markNoticesRead(ctx: AppContext, { actor }: { actor: Actor }): Promise<number> {
  if (actor.kind !== 'staff') return 0;
  const { count } = await ctx.db.staffNotice.updateMany({ where: { userId: actor.id, readAt: null }, data: { readAt: ctx.now() } });
  return count;
}
