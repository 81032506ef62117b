import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAudienceByZone } from '../alerts/count-audience-by-zone';
import { countRecipients } from '../alerts/count-recipients';
import { createAlert } from '../alerts/create-alert';
import { sendAlertNow } from '../alerts/send-alert-now';
import { approveTemplates, composeInput, launch } from '../alerts/test-fixtures';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { parseCommand } from '../subscriptions/parse-command';
import { staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, interactiveListReply, metaJson, textMessage, webhookPayload, type Json } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { seedExampleZones } from './seed';
import { defaultSettings } from '../settings/defaults';
import { setSetting } from '../settings/store';

/**
 * Zones end to end at the webhook level, with Meta's payload shapes: the list after subscribing
 * and with "Zone", toggling, and an alert for one zone reaching who chose it and who chose none.
 */
let ctx: TestContext;
let editor: Awaited<ReturnType<typeof staffActor>>;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
  ctx.clock.set('2026-12-03T10:00:00Z'); // 11:00 in Conegliano: no quiet hours
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
  await seedExampleZones(ctx.db);
});
afterAll(async () => ctx.close());

async function deliver(...messages: Json[]) {
  const raw = Buffer.from(metaJson(webhookPayload({ messages })));
  expect((await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).status).toBe(200);
  while ((await processInboundBatch(ctx)) > 0);
}
const say = (from: string, text: string) => deliver(textMessage(text, { from }));
const tap = (from: string, id: string, title: string) => deliver(interactiveListReply({ id, title, description: '' }, { from }));

interface Sent {
  type: string;
  body: string;
  sections?: { rows: { id: string; title: string; description?: string }[] }[];
}
async function sentTo(digits: string): Promise<Sent[]> {
  const rows = await ctx.db.outboundMessage.findMany({ orderBy: { id: 'asc' } });
  return rows.filter((r) => r.toEnc && ctx.cipher.decrypt(r.toEnc) === `+${digits}`).map((r) => JSON.parse(ctx.cipher.decrypt(r.contentEnc!)) as Sent);
}
const rowsOf = (m: Sent | undefined) => (m?.sections ?? []).flatMap((s) => s.rows);
const idOf = async (digits: string) => (await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) } })).id;

const anna = '393331110001'; // Centro storico
const bruno = '393331110002'; // Costa
const carla = '393331110003'; // no zone: the whole town

describe('zones in the chat', () => {
  it('offers the zone list with the welcome, in one message', async () => {
    await say(anna, 'Iscrivimi Anna Dal Col');
    const sent = await sentTo(anna);
    expect(sent).toHaveLength(1);
    const [list] = sent;
    expect(list?.type).toBe('list');
    expect(list?.body).toMatch(/^Ciao Anna[\s\S]*quartiere o la frazione/);
    expect(rowsOf(list).map((r) => r.id)).toContain('zone:centro');
    // Meta's limit: at most 10 rows, the last one opening the next page of the 11 example zones.
    expect(rowsOf(list)).toHaveLength(10);
    expect(rowsOf(list).at(-1)).toMatchObject({ id: 'zones:page:2', title: 'Altre zone' });
  });

  it('a welcome too long to lead the list goes first, and the list a moment after it', async () => {
    const long = `Ciao {nome}, ${'sei iscritto al servizio di avvisi del Comune. '.repeat(20)}`;
    await setSetting(ctx.db, 'replySubscribed', long);
    try {
      const dario = '393331110009';
      await say(dario, 'Iscrivimi Dario Zanin');
      const [welcome, list] = await sentTo(dario);
      expect(welcome).toMatchObject({ type: 'text', body: expect.stringContaining('Ciao Dario') });
      expect(list?.type).toBe('list');
      expect(list?.body).toContain('quartiere o la frazione');
      const [w, l] = await ctx.db.outboundMessage.findMany({ where: { purpose: 'reply' }, orderBy: { id: 'desc' }, take: 2 });
      expect(l!.availableAt.getTime()).toBeLessThan(w!.availableAt.getTime());
      await say(dario, 'Cancellami'); // not counted by the alerts below
    } finally {
      await setSetting(ctx.db, 'replySubscribed', defaultSettings.replySubscribed);
    }
  });

  it('toggles a zone from the list and confirms the choice', async () => {
    await tap(anna, 'zone:centro', 'Centro storico');
    expect((await sentTo(anna)).at(-1)?.body).toContain('Zone scelte: Centro storico');
    await say(bruno, 'Iscrivimi Bruno Zanette');
    await tap(bruno, 'zones:page:2', 'Altre zone');
    const page2 = (await sentTo(bruno)).at(-1);
    expect(rowsOf(page2).map((r) => r.id)).toEqual(['zone:ogliano', 'zone:scomigo']);
    await tap(bruno, 'zone:costa', 'Costa');
    await say(carla, 'Iscrivimi Carla Bortolotto');
    expect(await ctx.db.subscriberZone.count({ where: { subscriberId: await idOf(anna) } })).toBe(1);
  });

  it('"Zone", "Quartieri" and "Frazioni" open the list, with the chosen zone marked and a way back to the whole town', async () => {
    for (const word of ['Zone', 'quartieri', 'Frazioni']) {
      await say(anna, word);
      const list = (await sentTo(anna)).at(-1);
      expect(list?.type).toBe('list');
      expect(rowsOf(list)[0]).toMatchObject({ id: 'zones:all', title: 'Tutto il Comune' });
      expect(rowsOf(list).find((r) => r.id === 'zone:centro')?.description).toContain('✅');
    }
    // A surname that is also a zone word stays a surname.
    expect(parseCommand('Iscrivimi Mario Zona')).toMatchObject({ kind: 'subscribe', name: { firstName: 'Mario', lastName: 'Zona' } });
  });
});

describe('alerts for a zone', () => {
  it('reach who chose the zone and who chose none, not who chose another zone', async () => {
    expect((await countRecipients(ctx, { actor: editor, zones: ['centro'], urgency: 'normal' })).recipients).toBe(2);
    expect((await countRecipients(ctx, { actor: editor, zones: ['centro', 'costa'], urgency: 'normal' })).recipients).toBe(3);
    expect((await countRecipients(ctx, { actor: editor, urgency: 'normal' })).recipients).toBe(3);

    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ zones: ['centro'], title: 'Via XX Settembre chiusa' }) });
    expect((await sendAlertNow(ctx, { actor: editor, alertId: id })).recipients).toBe(2);
    const reached = new Set((await ctx.db.delivery.findMany({ where: { alertId: id }, select: { subscriberId: true } })).map((d) => d.subscriberId));
    expect(reached).toEqual(new Set([await idOf(anna), await idOf(carla)]));
  });

  it('the composer shows the audience zone by zone, and who chose none', async () => {
    const audience = await countAudienceByZone(ctx, { actor: editor });
    expect(audience.zones.map((z) => z.slug)).toEqual([
      'centro',
      'monticano',
      'san-giuseppe',
      'mescolino',
      'madonna-delle-grazie',
      'pare',
      'campolongo',
      'collalbrigo',
      'costa',
      'ogliano',
      'scomigo',
    ]);
    const of = (slug: string) => audience.zones.find((z) => z.slug === slug)?.subscribers;
    expect([of('centro'), of('costa'), of('monticano'), audience.noZone]).toEqual([1, 1, 0, 1]);
    // Only the followers of the chosen topics count: nobody here left "urgenze".
    expect((await countAudienceByZone(ctx, { actor: editor, topics: ['urgenze'] })).noZone).toBe(1);
    await expect(countAudienceByZone(ctx, { actor: await staffActor(ctx, 'VIEWER') })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a subscriber whose zones were all retired gets the whole town again', async () => {
    await ctx.db.zone.update({ where: { slug: 'costa' }, data: { active: false } });
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ zones: ['centro'], title: 'Mercato spostato' }) });
    expect((await sendAlertNow(ctx, { actor: editor, alertId: id })).recipients).toBe(3);
    await ctx.db.zone.update({ where: { slug: 'costa' }, data: { active: true } });
  });

  it('refuses an unknown or retired zone by name', async () => {
    await expect(createAlert(ctx, { actor: editor, input: composeInput({ zones: ['marte'] }) })).rejects.toMatchObject({
      details: { fieldErrors: { zones: ['Zona sconosciuta: marte.'] } },
    });
    await ctx.db.zone.update({ where: { slug: 'ogliano' }, data: { active: false } });
    await expect(createAlert(ctx, { actor: editor, input: composeInput({ zones: ['ogliano'] }) })).rejects.toMatchObject({
      userMessage: expect.stringContaining('Zona ritirata'),
    });
  });

  it('"Tutto il Comune" clears the zones', async () => {
    await tap(anna, 'zones:all', 'Tutto il Comune');
    expect((await sentTo(anna)).at(-1)?.body).toContain('nessuna (ricevi gli avvisi di tutto il Comune)');
    expect(await ctx.db.subscriberZone.count({ where: { subscriberId: await idOf(anna) } })).toBe(0);
  });
});
