import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';

/**
 * "Confermo l’elenco": the comune has checked the example zones (lib/zones/seed.ts) and keeps
 * them as its own; none is marked as an example any more. Returns how many were confirmed.
 */
export async function confirmExampleZones(ctx: AppContext, { actor }: { actor: AnyActor }): Promise<{ confirmed: number }> {
  assertActor(actor, 'ADMIN');
  return ctx.db.$transaction(async (tx) => {
    const examples = await tx.zone.findMany({ where: { isExample: true }, select: { slug: true } });
    if (examples.length === 0) return { confirmed: 0 };
    await tx.zone.updateMany({ where: { isExample: true }, data: { isExample: false } });
    await recordAudit(ctx, tx, { actor, action: 'zones_confirm', details: { zones: examples.map((z) => z.slug) } });
    return { confirmed: examples.length };
  });
}
