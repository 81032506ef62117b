import { assertRole, type Actor } from '../access/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { subscriberInclude, toListItem, type SubscriberListItem } from './subscriber-view';
import { isUuid } from '../ids';

/** One subscriber as staff see it (masked number; name by role), for the unsubscribe confirmation. */
export async function getSubscriber(ctx: AppContext, { actor, subscriberId: id }: { actor: Actor; subscriberId: string }): Promise<SubscriberListItem> {
  assertRole(actor, 'EDITOR');
  const s = isUuid(id) ? await ctx.db.subscriber.findUnique({ where: { id }, include: subscriberInclude }) : null;
  if (!s) throw new AppError('not_found', 'Iscritto non trovato.');
  return toListItem(ctx.cipher, actor.role, s);
}
