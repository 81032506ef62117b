import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, textMessage, webhookPayload, type Json } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { seedExampleZones } from '../zones/seed';
import { leaveFromPreferences } from './leave-from-preferences';
import { openPreferences } from './open-preferences';
import { PREFERENCE_LINK_MS } from './preference-link';
import { savePreferences } from './save-preferences';

/**
 * "Preferenze" at the webhook level, with Meta's payload shapes: the personal link, the page's
 * view, one change set per link, expiry, forgery, and leaving from the page.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
  ctx.clock.set('2026-12-03T10:00:00Z');
  await seedExampleZones(ctx.db);
});
afterAll(async () => ctx.close());

async function say(from: string, text: string) {
  const raw = Buffer.from(metaJson(webhookPayload({ messages: [textMessage(text, { from }) as Json] })));
  expect((await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).status).toBe(200);
  while ((await processInboundBatch(ctx)) > 0);
}
async function textsTo(digits: string): Promise<string[]> {
  const rows = await ctx.db.outboundMessage.findMany({ orderBy: { id: 'asc' } });
  return rows
    .filter((r) => r.toEnc && r.contentEnc && ctx.cipher.decrypt(r.toEnc) === `+${digits}`)
    .map((r) => (JSON.parse(ctx.cipher.decrypt(r.contentEnc!)) as { body: string }).body);
}
async function linkFor(digits: string): Promise<string> {
  await say(digits, 'Preferenze');
  const body = (await textsTo(digits)).at(-1)!;
  const url = /https?:\/\/\S+\/preferenze\?t=(\S+)/.exec(body);
  expect(url, body).not.toBeNull();
  return decodeURIComponent(url![1]!);
}
const subscriberOf = (digits: string) =>
  ctx.db.subscriber.findUniqueOrThrow({
    where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) },
    include: { topics: { include: { topic: true } }, zones: { include: { zone: true } } },
  });

const elena = '393331220001';

describe('the preferences page reached from WhatsApp', () => {
  it('"Preferenze" from someone not subscribed asks for the name, and sends no link', async () => {
    await say('393331220099', 'Preferenze');
    expect((await textsTo('393331220099')).at(-1)).not.toMatch(/preferenze\?t=/);
  });

  it('sends a personal link; the page shows the choices and saves one change set', async () => {
    await say(elena, 'Iscrivimi Elena Da Ros');
    const token = await linkFor(elena);
    const view = await openPreferences(ctx, token);
    expect(view?.topics.every((t) => t.chosen)).toBe(true);
    expect(view?.zones.find((z) => z.slug === 'centro')).toMatchObject({ name: 'Centro storico', chosen: false });
    // Nothing about the person on the page: only the choices.
    expect(JSON.stringify(view)).not.toMatch(/Elena|Da Ros|393331220001/);

    const saved = await savePreferences(ctx, { token, topics: ['viabilita'], zones: ['centro', 'costa'] });
    expect(saved).toEqual({ ok: true, topics: ['Viabilità e traffico'], zones: ['Centro storico', 'Costa'] });
    const s = await subscriberOf(elena);
    expect(s.topics.map((t) => t.topic.slug)).toEqual(['viabilita']);
    expect(s.zones.map((z) => z.zone.slug).sort()).toEqual(['centro', 'costa']);
    expect((await textsTo(elena)).at(-1)).toMatch(/preferenze salvate.*Argomenti: Viabilità e traffico\. Zone: Centro storico, Costa/s);
    expect(await ctx.db.consentEvent.count({ where: { phoneHmac: s.phoneHmac!, action: 'TOPICS_CHANGED', channel: 'WEB' } })).toBe(1);

    // Used: a second submit changes nothing, and the page reveals nothing any more.
    expect(await savePreferences(ctx, { token, topics: ['urgenze'], zones: [] })).toEqual({ ok: false, reason: 'link_not_valid' });
    expect(await openPreferences(ctx, token)).toBeNull();
    expect((await subscriberOf(elena)).topics.map((t) => t.topic.slug)).toEqual(['viabilita']);
  });

  it('refuses no topic, and unknown choices, without using the link up', async () => {
    const token = await linkFor(elena);
    await expect(savePreferences(ctx, { token, topics: [], zones: [] })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(savePreferences(ctx, { token, topics: ['viabilita'], zones: ['marte'] })).rejects.toMatchObject({
      userMessage: expect.stringContaining('marte'),
    });
    expect(await openPreferences(ctx, token)).not.toBeNull();
  });

  it('a newer link replaces the older; links expire; forged or altered tokens open nothing', async () => {
    const older = await linkFor(elena);
    const newer = await linkFor(elena);
    expect(await openPreferences(ctx, older)).toBeNull();
    expect(await openPreferences(ctx, newer)).not.toBeNull();
    const [secret, sig] = newer.split('.') as [string, string];
    expect(await openPreferences(ctx, `${secret}.${sig.startsWith('A') ? 'B' : 'A'}${sig.slice(1)}`)).toBeNull();
    expect(await openPreferences(ctx, `${'x'.repeat(43)}.${sig}`)).toBeNull();
    expect(await openPreferences(ctx, 'scaduto')).toBeNull();
    ctx.clock.advance(PREFERENCE_LINK_MS + 1000);
    expect(await openPreferences(ctx, newer)).toBeNull();
    expect(await savePreferences(ctx, { token: newer, topics: ['urgenze'], zones: [] })).toEqual({ ok: false, reason: 'link_not_valid' });
  });

  it('leaving from the page unsubscribes as "Cancellami" does, and confirms on WhatsApp', async () => {
    const token = await linkFor(elena);
    expect(await leaveFromPreferences(ctx, { token })).toBe(true);
    const s = await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac(`+${elena}`) } });
    expect(s).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null, firstNameEnc: null, lastNameEnc: null });
    expect(await ctx.db.subscriberZone.count({ where: { subscriberId: s.id } })).toBe(0);
    expect(await ctx.db.preferenceLink.count({ where: { subscriberId: s.id } })).toBe(0);
    expect((await textsTo(elena)).at(-1)).toMatch(/non riceverai più messaggi/);
    expect(await leaveFromPreferences(ctx, { token })).toBe(false);
    expect(await openPreferences(ctx, token)).toBeNull();
  });
});
