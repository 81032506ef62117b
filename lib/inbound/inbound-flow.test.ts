import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { messageDedupeKey, wamidHmac } from '../privacy/wamid';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { requestWebSubscription } from '../subscriptions/request-web-subscription';
import { getConfirmationDetails } from '../subscriptions/confirmation';
import { expirePendingRequests } from '../subscriptions/expire-pending';
import {
  contactsMessage,
  FIXTURE,
  interactiveListReply,
  locationMessage,
  mediaMessage,
  metaJson,
  orderMessage,
  reactionMessage,
  statusUpdate,
  systemMessage,
  templateButtonReply,
  textMessage,
  unsupportedMessage,
  usernameUserMessage,
  webhookPayload,
  type Json,
} from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { processInboundBatch } from './process-events';
import { receiveWebhook } from './receive-webhook';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
});
afterAll(async () => ctx.close());

let seq = 0;
/** A fresh Italian mobile number per test, as Meta writes it (digits, no '+'). */
const newNumber = () => `39333${String(1_000_000 + ++seq).slice(1)}${seq % 10}`.slice(0, 12);

async function post(payload: Json, secret = ctx.whatsapp.appSecret) {
  const raw = Buffer.from(metaJson(payload));
  return receiveWebhook(ctx, raw, signPayload(raw, secret));
}

async function deliver(...messages: Json[]) {
  const r = await post(webhookPayload({ messages }));
  expect(r.status).toBe(200);
  while ((await processInboundBatch(ctx)) > 0);
}

const say = (from: string, text: string, profileName = 'Mario Rossi') => deliver(textMessage(text, { from, profileName }));

async function repliesTo(digits: string): Promise<string[]> {
  const rows = await ctx.db.outboundMessage.findMany({ orderBy: { id: 'asc' } });
  return rows
    .filter((r) => r.toEnc && ctx.cipher.decrypt(r.toEnc) === `+${digits}`)
    .map((r) => {
      const c = JSON.parse(ctx.cipher.decrypt(r.contentEnc!)) as { type: string; body: string };
      return c.type === 'text' ? c.body : `[${c.type}] ${c.body}`;
    });
}

const subscriber = (digits: string) =>
  ctx.db.subscriber.findUnique({ where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) }, include: { topics: { include: { topic: true } } } });

beforeEach(async () => {
  await setSetting(ctx.db, 'launchedAt', '2026-11-01T00:00:00.000Z');
});

describe('signature and shape', () => {
  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const raw = Buffer.from(metaJson(webhookPayload({ messages: [textMessage('Iscrivimi Mario Rossi')] })));
    expect(await receiveWebhook(ctx, raw, null)).toMatchObject({ status: 401 });
    expect(await receiveWebhook(ctx, raw, signPayload(raw, 'not-the-secret'))).toMatchObject({ status: 401 });
    expect(await ctx.db.inboundEvent.count()).toBe(0);
  });

  it('answers 400 to malformed JSON and 413 to an oversized body, without side effects', async () => {
    const bad = Buffer.from('{"object":"whatsapp_business_account","entry":[');
    expect(await receiveWebhook(ctx, bad, signPayload(bad, ctx.whatsapp.appSecret))).toEqual({ status: 400, error: 'not_json' });
    const big = Buffer.alloc(3 * 1024 * 1024 + 1, 0x20);
    expect(await receiveWebhook(ctx, big, signPayload(big, ctx.whatsapp.appSecret))).toMatchObject({ status: 413 });
    expect(await ctx.db.inboundEvent.count()).toBe(0);
  });

  it('ignores events for another phone number of the same business account', async () => {
    const from = newNumber();
    const r = await post(webhookPayload({ messages: [textMessage('Iscrivimi Mario Rossi', { from })], phoneNumberId: '999' }));
    expect(r).toMatchObject({ status: 200, stored: 0, skipped: 1 });
  });
});

describe('Iscrivimi / Cancellami', () => {
  it('subscribes with name, replies once naming the service, how to leave and the privacy notice', async () => {
    const from = newNumber();
    await say(from, 'Iscrivimi Niccolò Dell’Acqua 😀');
    const s = await subscriber(from);
    expect(s).toMatchObject({ status: 'ACTIVE', source: 'WHATSAPP' });
    expect(ctx.cipher.decrypt(s!.firstNameEnc!)).toBe('Niccolò');
    expect(ctx.cipher.decrypt(s!.lastNameEnc!)).toBe("Dell'Acqua");
    expect(s!.topics.map((t) => t.topic.slug).sort()).toEqual(['chiusura-strade', 'urgenze', 'viabilita']);
    const replies = await repliesTo(from);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Ciao Niccolò');
    expect(replies[0]).toContain('WhatsApp Conegliano');
    expect(replies[0]).toContain('Cancellami');
    expect(replies[0]).toContain('http://localhost:3000/privacy');
    const consent = await ctx.db.consentEvent.findMany({ where: { phoneHmac: s!.phoneHmac } });
    expect(consent).toMatchObject([{ action: 'OPT_IN', channel: 'WHATSAPP', privacyVersion: '2026-11-29' }]);
  });

  it('produces exactly one effect and one reply when Meta replays the same payload in any order', async () => {
    const from = newNumber();
    const a = textMessage('Iscrivimi Mario Rossi', { from });
    const b = textMessage('grazie!', { from });
    await deliver(a, b);
    await deliver(b, a);
    await deliver(a);
    expect(await ctx.db.inboundEvent.count({ where: { dedupeKey: messageDedupeKey(ctx.cipher, a.id as string) } })).toBe(1);
    expect(await repliesTo(from)).toHaveLength(2); // the subscription and one auto-reply
    expect(await ctx.db.consentEvent.count({ where: { phoneHmac: ctx.cipher.hmac(`+${from}`) } })).toBe(1);
  });

  it('asks for the name when it is missing and completes with a follow-up holding only the name', async () => {
    const from = newNumber();
    await say(from, 'ISCRIVIMI per favore');
    expect(await subscriber(from)).toMatchObject({ status: 'PENDING', awaitingName: true });
    expect((await repliesTo(from))[0]).toContain('nome e cognome');
    await say(from, 'Anna De Luca');
    const s = await subscriber(from);
    expect(s).toMatchObject({ status: 'ACTIVE', awaitingName: false });
    expect(ctx.cipher.decrypt(s!.lastNameEnc!)).toBe('De Luca');
    expect((await repliesTo(from))[1]).toContain('Ciao Anna');
  });

  it('says kindly when the person is already subscribed', async () => {
    const from = newNumber();
    await say(from, 'Iscrivimi Mario Rossi');
    await say(from, 'iscrivimi mario rossi');
    expect((await repliesTo(from))[1]).toContain('sei già iscritto');
    expect(await ctx.db.consentEvent.count({ where: { phoneHmac: ctx.cipher.hmac(`+${from}`) } })).toBe(1);
  });

  it('before the launch threshold says the service starts soon', async () => {
    await setSetting(ctx.db, 'launchedAt', null);
    const from = newNumber();
    await say(from, 'Iscrivimi Mario Rossi');
    expect((await repliesTo(from))[0]).toContain('partirà a breve');
  });

  it('Cancellami erases name and number at once, keeps only the HMAC and the time, and confirms', async () => {
    const from = newNumber();
    await say(from, 'Iscrivimi Mario Rossi');
    await say(from, 'Per favore CANCELLAMI!!');
    const s = await subscriber(from);
    expect(s).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null, firstNameEnc: null, lastNameEnc: null, waUserIdEnc: null, topics: [] });
    expect(s!.unsubscribedAt).toEqual(ctx.now());
    const replies = await repliesTo(from);
    expect(replies[1]).toContain('non riceverai più messaggi');
    const ledger = await ctx.db.consentEvent.findMany({ where: { phoneHmac: s!.phoneHmac }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => e.action)).toEqual(['OPT_IN', 'OPT_OUT']);
    // A return is recognised and becomes active again.
    await say(from, 'Iscrivimi Mario Rossi');
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
  });

  it('Cancellami works for anyone, even a number never seen, and leaves nothing behind', async () => {
    const from = newNumber();
    await say(from, 'stop');
    expect(await subscriber(from)).toBeNull();
    expect((await repliesTo(from))[0]).toContain('non riceverai più messaggi');
  });
});

describe('messages delivered out of order (by the time the person sent them)', () => {
  const at = (from: string, text: string, seconds: number) => deliver(textMessage(text, { from, timestamp: String(1_764_412_800 + seconds) }));
  const ledger = (from: string) =>
    ctx.db.consentEvent.findMany({ where: { phoneHmac: ctx.cipher.hmac(`+${from}`) }, orderBy: { id: 'asc' }, select: { action: true, messageAt: true } });

  it('a late Iscrivimi sent before a processed Cancellami does not subscribe again nor reply', async () => {
    const from = newNumber();
    await at(from, 'Iscrivimi Mario Rossi', 0);
    await at(from, 'Cancellami', 200);
    const before = await repliesTo(from);
    await at(from, 'Iscrivimi Mario Rossi', 100);
    const s = await subscriber(from);
    expect(s).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null, firstNameEnc: null });
    expect(s!.topics).toHaveLength(0);
    expect(await repliesTo(from)).toEqual(before);
    expect((await ledger(from)).map((e) => e.action)).toEqual(['OPT_IN', 'OPT_OUT']);
    const events = await ctx.db.inboundEvent.findMany({ orderBy: { id: 'desc' }, take: 1 });
    expect(events[0]!.processedAt).not.toBeNull();
  });

  it('a late web-form confirmation sent before a processed Cancellami is dropped too', async () => {
    const from = newNumber();
    await at(from, 'Iscrivimi Mario Rossi', 0);
    await at(from, 'Cancellami', 200);
    const r = await requestWebSubscription(
      ctx,
      { firstName: 'Mario', lastName: 'Rossi', phone: `+${from}`, topics: ['urgenze'], privacyConsent: true },
      { ip: '192.0.2.3' },
    );
    if (!r.ok) throw new Error('request failed');
    const before = await repliesTo(from);
    await at(from, getConfirmationDetails(ctx, r.token)!.text, 100);
    expect(await subscriber(from)).toMatchObject({ status: 'PENDING' });
    expect(await repliesTo(from)).toEqual(before);
  });

  it('Iscrivimi, Cancellami, Iscrivimi in order: subscribed, then out, then in again', async () => {
    const from = newNumber();
    await at(from, 'Iscrivimi Mario Rossi', 100);
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
    await at(from, 'Cancellami', 200);
    expect(await subscriber(from)).toMatchObject({ status: 'UNSUBSCRIBED' });
    await at(from, 'Iscrivimi Mario Rossi', 300);
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
    expect(await repliesTo(from)).toHaveLength(3);
    expect(await ledger(from)).toEqual([
      { action: 'OPT_IN', messageAt: new Date((1_764_412_800 + 100) * 1000) },
      { action: 'OPT_OUT', messageAt: new Date((1_764_412_800 + 200) * 1000) },
      { action: 'OPT_IN', messageAt: new Date((1_764_412_800 + 300) * 1000) },
    ]);
  });

  it('a late Cancellami sent before a later Iscrivimi is dropped: the re-subscription stands', async () => {
    const from = newNumber();
    await at(from, 'Iscrivimi Mario Rossi', 100);
    await at(from, 'Iscrivimi Mario Rossi', 300); // already subscribed: no new opt-in entry
    await at(from, 'Cancellami', 400);
    await at(from, 'Iscrivimi Mario Rossi', 500);
    const before = await repliesTo(from);
    await at(from, 'Cancellami', 450);
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
    expect(await repliesTo(from)).toEqual(before);
    expect((await ledger(from)).map((e) => e.action)).toEqual(['OPT_IN', 'OPT_OUT', 'OPT_IN']);
    // A Cancellami sent after the last opt-in is honoured as always.
    await at(from, 'Cancellami', 600);
    expect(await subscriber(from)).toMatchObject({ status: 'UNSUBSCRIBED' });
  });
});

describe('web form confirmation', () => {
  it('form -> pending -> "Iscrivimi <nome> <cognome> <code>" from that number -> active with the chosen topics', async () => {
    const from = newNumber();
    const r = await requestWebSubscription(
      ctx,
      { firstName: 'Gabriele', lastName: "D'Annunzio", phone: `+${from}`, topics: ['urgenze'], privacyConsent: true },
      { ip: '192.0.2.1' },
    );
    if (!r.ok) throw new Error('request failed');
    const details = getConfirmationDetails(ctx, r.token)!;
    expect(await subscriber(from)).toMatchObject({ status: 'PENDING', source: 'WEB' });
    await say(from, details.text);
    const s = await subscriber(from);
    expect(s).toMatchObject({ status: 'ACTIVE', source: 'WEB', confirmationCode: null, pendingTopicIds: [] });
    expect(s!.topics.map((t) => t.topic.slug)).toEqual(['urgenze']);
    expect(await ctx.db.consentEvent.findFirst({ where: { phoneHmac: s!.phoneHmac } })).toMatchObject({ action: 'OPT_IN', channel: 'WEB' });
  });

  it('deletes requests nobody confirmed within 48 hours', async () => {
    const from = newNumber();
    await requestWebSubscription(
      ctx,
      { firstName: 'Ada', lastName: 'Neri', phone: `+${from}`, topics: ['viabilita'], privacyConsent: true },
      { ip: '192.0.2.2' },
    );
    ctx.clock.advance(47 * 3600 * 1000);
    await expirePendingRequests(ctx);
    expect(await subscriber(from)).not.toBeNull();
    ctx.clock.advance(2 * 3600 * 1000);
    await expirePendingRequests(ctx);
    expect(await subscriber(from)).toBeNull();
  });
});

describe('everything else', () => {
  it('answers help and topics, and toggles a topic from the interactive list', async () => {
    const from = newNumber();
    await say(from, 'Iscrivimi Mario Rossi');
    await say(from, 'aiuto');
    await say(from, 'Argomenti');
    await deliver(interactiveListReply({ id: 'topic:viabilita', title: 'Viabilità e traffico' }, { from }));
    const replies = await repliesTo(from);
    expect(replies[1]).toContain('Comandi');
    expect(replies[2]).toMatch(/^\[list\] Scegli/);
    expect(replies[3]).toBe('Fatto. Ora ricevi avvisi su: Chiusura strade, Avvisi urgenti.');
  });

  it('handles every message type without failing, with one auto-reply per 24 hours at most', async () => {
    const from = newNumber();
    const o = { from };
    await deliver(
      mediaMessage('image', {}, o),
      mediaMessage('audio', {}, o),
      mediaMessage('video', {}, o),
      mediaMessage('document', {}, o),
      mediaMessage('sticker', {}, o),
      locationMessage({}, o),
      contactsMessage(o),
      reactionMessage({}, o),
      unsupportedMessage({}, o),
      systemMessage({}, o),
      orderMessage(o),
      templateButtonReply({ payload: 'Altro', text: 'Altro' }, o),
    );
    expect(await ctx.db.inboundEvent.count({ where: { processedAt: null } })).toBe(0);
    expect(await ctx.db.inboundEvent.count({ where: { lastError: { not: null } } })).toBe(0);
    expect(await repliesTo(from)).toEqual([expect.stringContaining('non legge i messaggi')]);
    ctx.clock.advance(24 * 3600 * 1000 + 1);
    await say(from, 'Buongiorno, quando riapre via Roma?');
    expect(await repliesTo(from)).toHaveLength(2);
  });

  it('a username user without a number is handled without a crash and without a reply', async () => {
    await deliver(usernameUserMessage('Iscrivimi Mario Rossi'));
    expect(await ctx.db.inboundEvent.count({ where: { lastError: { not: null } } })).toBe(0);
  });

  it('applies out-of-order and duplicated statuses monotonically', async () => {
    const from = newNumber();
    await say(from, 'Iscrivimi Mario Rossi');
    const row = await ctx.db.outboundMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await ctx.db.outboundMessage.update({ where: { id: row.id }, data: { wamidHmac: wamidHmac(ctx.cipher, 'wamid.OUT1'), status: 'SENT' } });
    await post(webhookPayload({ statuses: [statusUpdate('read', { id: 'wamid.OUT1', recipientId: from })] }));
    await post(
      webhookPayload({
        statuses: [statusUpdate('delivered', { id: 'wamid.OUT1', recipientId: from }), statusUpdate('delivered', { id: 'wamid.OUT1', recipientId: from })],
      }),
    );
    while ((await processInboundBatch(ctx)) > 0);
    expect(await ctx.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: 'READ' });
  });
});
