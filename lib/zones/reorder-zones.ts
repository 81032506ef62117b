import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { invalidInput } from '../errors';
import { ZONE_ORDER } from './active-zones';

/** Sets the order of all zones (retired ones included): `slugs` must name each zone exactly once. */
export async function reorderZones(ctx: AppContext, { actor, slugs }: { actor: AnyActor; slugs: string[] }): Promise<void> {
  assertActor(actor, 'ADMIN');
  await ctx.db.$transaction(async (tx) => {
    const all = await tx.zone.findMany({ orderBy: ZONE_ORDER, select: { slug: true } });
    const known = new Set(all.map((z) => z.slug));
    if (new Set(slugs).size !== slugs.length || slugs.length !== all.length || !slugs.every((s) => known.has(s))) {
      throw invalidInput('L’ordine deve elencare ogni zona una sola volta: ricarica la pagina e riprova.', {
        slugs: ['Ogni zona una sola volta.'],
      });
    }
    for (const [i, slug] of slugs.entries()) await tx.zone.update({ where: { slug }, data: { position: i + 1 } });
    await recordAudit(ctx, tx, { actor, action: 'zones_reorder', details: { old: all.map((z) => z.slug), new: slugs } });
  });
}
