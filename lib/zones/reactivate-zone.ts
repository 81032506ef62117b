import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';

/** Offers a retired zone again; the subscribers who had chosen it have it again. */
export async function reactivateZone(ctx: AppContext, { actor, slug }: { actor: AnyActor; slug: string }): Promise<void> {
  assertActor(actor, 'ADMIN');
  await ctx.db.$transaction(async (tx) => {
    const zone = await tx.zone.findUnique({ where: { slug } });
    if (!zone) throw new AppError('not_found', `Zona non trovata: ${slug}.`);
    if (zone.active) return;
    await tx.zone.update({ where: { slug }, data: { active: true } });
    await recordAudit(ctx, tx, { actor, action: 'zone_reactivate', target: slug, details: { name: zone.name } });
  });
}
