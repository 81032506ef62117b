import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';

/**
 * Retires a zone: it is no longer offered in the chat list, by the API or to new alerts. The
 * subscribers who chose it keep their other zones, and their link to it is kept (a reactivation
 * gives it back). One for whom it was the only active zone is back to the whole town: nothing to
 * change, since recipients only count active zones (lib/delivery/recipients.ts `zonesSql`) and so
 * does the chat (lib/subscriptions/zone-choices.ts). Unlike a topic, the last zone can be retired:
 * no zone at all means every alert goes to the whole town, and the chat offers no zone list.
 * Returns how many active subscribers had chosen it and how many of them are now "whole town".
 */
export async function retireZone(
  ctx: AppContext,
  { actor, slug }: { actor: AnyActor; slug: string },
): Promise<{ subscribers: number; backToWholeTown: number }> {
  assertActor(actor, 'ADMIN');
  return ctx.db.$transaction(async (tx) => {
    const zone = await tx.zone.findUnique({ where: { slug } });
    if (!zone) throw new AppError('not_found', `Zona non trovata: ${slug}.`);
    if (!zone.active) return { subscribers: 0, backToWholeTown: 0 };
    await tx.zone.update({ where: { slug }, data: { active: false } });
    const where = { zones: { some: { zoneId: zone.id } }, status: 'ACTIVE' as const };
    const subscribers = await tx.subscriber.count({ where });
    const backToWholeTown = await tx.subscriber.count({ where: { ...where, NOT: { zones: { some: { zone: { active: true } } } } } });
    await recordAudit(ctx, tx, { actor, action: 'zone_retire', target: slug, details: { name: zone.name, subscribers, backToWholeTown } });
    return { subscribers, backToWholeTown };
  });
}
