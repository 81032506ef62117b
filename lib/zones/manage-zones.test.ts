import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRecipients } from '../alerts/count-recipients';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { activeZones } from './active-zones';
import { confirmExampleZones } from './confirm-example-zones';
import { createZone } from './create-zone';
import { listZones } from './list-zones';
import { reactivateZone } from './reactivate-zone';
import { reorderZones } from './reorder-zones';
import { retireZone } from './retire-zone';
import { seedExampleZones } from './seed';
import { updateZone } from './update-zone';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof staffActor>>;
let editor: Awaited<ReturnType<typeof staffActor>>;
beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
  editor = await staffActor(ctx, 'EDITOR');
  await seedExampleZones(ctx.db);
});
afterAll(async () => ctx.close());

const order = async () => (await ctx.db.zone.findMany({ orderBy: { position: 'asc' }, select: { slug: true } })).map((z) => z.slug);
const zone = (slug: string) => ctx.db.zone.findUniqueOrThrow({ where: { slug } });
const audit = (action: string, target?: string) => ctx.db.auditLog.findFirst({ where: { action, ...(target ? { target } : {}) }, orderBy: { at: 'desc' } });

/** Active subscribers who chose the given zones (by slug); returns their ids. */
async function withZones(slugs: string[]): Promise<string> {
  const [id] = await addSubscribers(ctx, 1, ['urgenze']);
  const zones = await ctx.db.zone.findMany({ where: { slug: { in: slugs } }, select: { id: true } });
  await ctx.db.subscriberZone.createMany({ data: zones.map((z) => ({ subscriberId: id!, zoneId: z.id })) });
  return id!;
}

describe('zones managed by admins', () => {
  it('creates a zone at the end, refuses duplicates, bad fields and non-admins, and audits', async () => {
    await expect(createZone(ctx, { actor: editor, input: { name: 'Borgo', kind: 'FRAZIONE' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createZone(ctx, { actor: admin, input: { name: 'x', kind: 'FRAZIONE' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { name: ['Il nome deve avere almeno 2 caratteri.'] } },
    });
    await expect(createZone(ctx, { actor: admin, input: { name: 'Borgo', kind: 'PAESE' as 'FRAZIONE' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { kind: ['Scegli se è un quartiere o una frazione.'] } },
    });
    expect(await createZone(ctx, { actor: admin, input: { name: 'Borgo di Sotto', kind: 'FRAZIONE', description: 'Oltre il ponte' } })).toMatchObject({
      slug: 'borgo-di-sotto',
    });
    expect((await order()).at(-1)).toBe('borgo-di-sotto');
    expect(await zone('borgo-di-sotto')).toMatchObject({
      name: 'Borgo di Sotto',
      kind: 'FRAZIONE',
      description: 'Oltre il ponte',
      active: true,
      isExample: false,
    });
    const dup = createZone(ctx, { actor: admin, input: { name: 'Borgo di sotto!', kind: 'QUARTIERE' } });
    await expect(dup).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { name: [expect.stringContaining('Esiste già la zona «Borgo di Sotto»')] } },
    });
    expect(await audit('zone_create', 'borgo-di-sotto')).toMatchObject({ details: { name: 'Borgo di Sotto', kind: 'FRAZIONE' } });
  });

  it('renames, re-describes and changes the kind keeping the slug; editing an example zone confirms it', async () => {
    await expect(updateZone(ctx, { actor: editor, slug: 'borgo-di-sotto', input: { name: 'Borgo', kind: 'QUARTIERE' } })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await updateZone(ctx, { actor: admin, slug: 'borgo-di-sotto', input: { name: 'Borgo', kind: 'QUARTIERE', description: '' } });
    expect(await zone('borgo-di-sotto')).toMatchObject({ name: 'Borgo', kind: 'QUARTIERE', description: '' });
    expect(await audit('zone_update', 'borgo-di-sotto')).toMatchObject({
      details: { old: { name: 'Borgo di Sotto', kind: 'FRAZIONE' }, new: { name: 'Borgo' } },
    });
    await expect(updateZone(ctx, { actor: admin, slug: 'marte', input: { name: 'Marte', kind: 'QUARTIERE' } })).rejects.toMatchObject({ code: 'not_found' });

    expect((await zone('costa')).isExample).toBe(true);
    await updateZone(ctx, { actor: admin, slug: 'costa', input: { name: 'Costa', kind: 'FRAZIONE', description: '' } });
    expect(await zone('costa')).toMatchObject({ name: 'Costa', isExample: false });
    expect(await audit('zone_update', 'costa')).toMatchObject({ details: { exampleConfirmed: true } });
  });

  it('reorders every zone, refusing a partial order', async () => {
    const before = await order();
    const reversed = [...before].reverse();
    await expect(reorderZones(ctx, { actor: editor, slugs: reversed })).rejects.toMatchObject({ code: 'forbidden' });
    await reorderZones(ctx, { actor: admin, slugs: reversed });
    expect(await order()).toEqual(reversed);
    expect((await activeZones(ctx.db)).map((z) => z.slug)).toEqual(reversed);
    await expect(reorderZones(ctx, { actor: admin, slugs: reversed.slice(1) })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(reorderZones(ctx, { actor: admin, slugs: [...reversed.slice(1), reversed[1]!] })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await audit('zones_reorder')).toMatchObject({ details: { old: before, new: reversed } });
    await reorderZones(ctx, { actor: admin, slugs: before });
  });

  it('retires a zone: others kept, an only-zone subscriber gets the whole town; reactivates', async () => {
    const only = await withZones(['borgo-di-sotto']);
    const both = await withZones(['borgo-di-sotto', 'centro']);
    await withZones(['scomigo']); // chose another zone only
    const reach = async (zones: string[]) => (await countRecipients(ctx, { actor: editor, zones, urgency: 'normal' })).recipients;
    expect(await reach(['centro'])).toBe(1);
    expect(await reach(['borgo-di-sotto'])).toBe(2);

    await expect(retireZone(ctx, { actor: editor, slug: 'borgo-di-sotto' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(await retireZone(ctx, { actor: admin, slug: 'borgo-di-sotto' })).toEqual({ subscribers: 2, backToWholeTown: 1 });
    expect(await retireZone(ctx, { actor: admin, slug: 'borgo-di-sotto' })).toEqual({ subscribers: 0, backToWholeTown: 0 });
    expect((await activeZones(ctx.db)).map((z) => z.slug)).not.toContain('borgo-di-sotto');
    // `only` now counts as the whole town; `both` keeps Centro storico; `elsewhere` is untouched.
    expect(await reach(['centro'])).toBe(2);
    expect(await reach(['scomigo'])).toBe(2);
    await expect(countRecipients(ctx, { actor: editor, zones: ['borgo-di-sotto'], urgency: 'normal' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await ctx.db.subscriberZone.count({ where: { subscriberId: { in: [only, both] }, zone: { slug: 'borgo-di-sotto' } } })).toBe(2);
    expect(await audit('zone_retire', 'borgo-di-sotto')).toMatchObject({ details: { subscribers: 2, backToWholeTown: 1 } });

    await expect(reactivateZone(ctx, { actor: editor, slug: 'borgo-di-sotto' })).rejects.toMatchObject({ code: 'forbidden' });
    await reactivateZone(ctx, { actor: admin, slug: 'borgo-di-sotto' });
    expect(await reach(['borgo-di-sotto'])).toBe(2);
    expect(await reach(['centro'])).toBe(1);
    expect(await audit('zone_reactivate', 'borgo-di-sotto')).not.toBeNull();
  });

  it('lists every zone for admins, retired ones too, in order, with who chose it', async () => {
    await expect(listZones(ctx, { actor: editor })).rejects.toMatchObject({ code: 'forbidden' });
    await withZones(['ogliano']);
    await retireZone(ctx, { actor: admin, slug: 'ogliano' });
    const list = await listZones(ctx, { actor: admin });
    expect(list.map((z) => z.slug)).toEqual(await order());
    expect(list.find((z) => z.slug === 'ogliano')).toMatchObject({ active: false, kind: 'FRAZIONE', subscribers: 1, isExample: true });
    expect(list.find((z) => z.slug === 'borgo-di-sotto')).toMatchObject({ active: true, kind: 'QUARTIERE', subscribers: 2 });
    await reactivateZone(ctx, { actor: admin, slug: 'ogliano' });
  });

  it('"Confermo l’elenco" clears the example mark on every zone, once, audited', async () => {
    await expect(confirmExampleZones(ctx, { actor: editor })).rejects.toMatchObject({ code: 'forbidden' });
    const examples = await ctx.db.zone.count({ where: { isExample: true } });
    expect(examples).toBeGreaterThan(0);
    expect(await confirmExampleZones(ctx, { actor: admin })).toEqual({ confirmed: examples });
    expect(await ctx.db.zone.count({ where: { isExample: true } })).toBe(0);
    expect(await audit('zones_confirm')).toMatchObject({ details: { zones: expect.arrayContaining(['centro']) } });
    expect(await confirmExampleZones(ctx, { actor: admin })).toEqual({ confirmed: 0 });
    expect(await ctx.db.auditLog.count({ where: { action: 'zones_confirm' } })).toBe(1);
  });
});
