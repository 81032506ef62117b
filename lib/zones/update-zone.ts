import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { AppError, fieldErrorsFromZod, invalidInput } from '../errors';
import { zoneFieldsSchema, type ZoneFields } from './zone-schema';

/**
 * Renames, re-describes and/or changes the kind of a zone; the slug stays (API clients and chat
 * ids rely on it). Saving an example zone confirms it: it is no longer marked as an example.
 */
export async function updateZone(ctx: AppContext, { actor, slug, input }: { actor: AnyActor; slug: string; input: ZoneFields }): Promise<void> {
  assertActor(actor, 'ADMIN');
  const r = zoneFieldsSchema.safeParse(input);
  if (!r.success) throw invalidInput('Controlla i campi evidenziati.', fieldErrorsFromZod(r.error));
  await ctx.db.$transaction(async (tx) => {
    const old = await tx.zone.findUnique({ where: { slug } });
    if (!old) throw new AppError('not_found', `Zona non trovata: ${slug}.`);
    const same = old.name === r.data.name && old.description === r.data.description && old.kind === r.data.kind;
    if (same && !old.isExample) return;
    await tx.zone.update({ where: { slug }, data: { name: r.data.name, kind: r.data.kind, description: r.data.description, isExample: false } });
    await recordAudit(ctx, tx, {
      actor,
      action: 'zone_update',
      target: slug,
      details: {
        old: { name: old.name, kind: old.kind, description: old.description },
        new: r.data,
        ...(old.isExample ? { exampleConfirmed: true } : {}),
      },
    });
  });
}
