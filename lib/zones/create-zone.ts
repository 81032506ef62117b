import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { fieldErrorsFromZod, invalidInput } from '../errors';
import { slugFromName } from '../ids';
import { zoneFieldsSchema, type ZoneFields } from './zone-schema';

/** Creates an active zone at the end of the order; the slug comes from the name and must be new. */
export async function createZone(ctx: AppContext, { actor, input }: { actor: AnyActor; input: ZoneFields }): Promise<{ id: string; slug: string }> {
  assertActor(actor, 'ADMIN');
  const r = zoneFieldsSchema.safeParse(input);
  if (!r.success) throw invalidInput('Controlla i campi evidenziati.', fieldErrorsFromZod(r.error));
  const slug = slugFromName(r.data.name);
  if (slug.length < 2) throw invalidInput('Il nome deve contenere lettere o numeri.', { name: ['Il nome deve contenere lettere o numeri.'] });
  return ctx.db.$transaction(async (tx) => {
    const taken = await tx.zone.findUnique({ where: { slug } });
    if (taken) {
      const message = taken.active
        ? `Esiste già la zona «${taken.name}» con lo stesso identificativo (${slug}): scegli un altro nome.`
        : `Esiste già la zona ritirata «${taken.name}» con lo stesso identificativo (${slug}): riattivala o scegli un altro nome.`;
      throw invalidInput(message, { name: [message] });
    }
    const last = await tx.zone.aggregate({ _max: { position: true } });
    const zone = await tx.zone.create({
      data: { slug, name: r.data.name, kind: r.data.kind, description: r.data.description, position: (last._max.position ?? 0) + 1 },
    });
    await recordAudit(ctx, tx, { actor, action: 'zone_create', target: slug, details: { name: zone.name, kind: zone.kind, description: zone.description } });
    return { id: zone.id, slug };
  });
}
