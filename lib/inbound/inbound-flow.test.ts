import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waUserIdHmac } from '../privacy/wa-user-id';
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

/** Replies queued for a number (Meta's digits) or, given 'IT.…', for a business-scoped user id. */
async function repliesTo(digitsOrUserId: string): Promise<string[]> {
  const address = /^\d+$/.test(digitsOrUserId) ? `+${digitsOrUserId}` : digitsOrUserId;
  const rows = await ctx.db.outboundMessage.findMany({ orderBy: { id: 'asc' } });
  return rows
    .filter((r) => r.toEnc && ctx.cipher.decrypt(r.toEnc) === address)
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
    const consent = await ctx.db.consentEvent.findMany({ where: { phoneHmac: s!.phoneHmac! } });
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
    const ledger = await ctx.db.consentEvent.findMany({ where: { phoneHmac: s!.phoneHmac! }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => e.action)).toEqual(['OPT_IN', 'OPT_OUT']);
    // A return is recognised and becomes active again.
    await say(from, 'Iscrivimi Mario Rossi');
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
  });

  it('Cancellami works for anyone, even a number never seen: no subscriber row, only the ledger entry', async () => {
    const from = newNumber();
    await say(from, 'stop');
    expect(await subscriber(from)).toBeNull();
    expect((await repliesTo(from))[0]).toContain('non riceverai più messaggi');
    // Keyed by the HMAC only, and not an unsubscription: see "messages delivered out of order".
    const ledger = await ctx.db.consentEvent.findMany({ where: { phoneHmac: ctx.cipher.hmac(`+${from}`) } });
    expect(ledger.map((e) => e.action)).toEqual(['OPT_OUT_NOT_SUBSCRIBED']);
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

  const optOutsCounted = async () =>
    Number((await ctx.pool.query<{ n: string }>(`SELECT COALESCE(sum(delta), 0)::text AS n FROM stat_deltas WHERE metric = 'consent:OPT_OUT'`)).rows[0]!.n);

  it('a Cancellami from a stranger outranks an older Iscrivimi delivered after it, without counting as an opt-out', async () => {
    const from = newNumber();
    const counted = await optOutsCounted();
    await at(from, 'Cancellami', 200);
    const before = await repliesTo(from);
    expect(before).toHaveLength(1);
    await at(from, 'Iscrivimi Mario Rossi', 100);
    expect(await subscriber(from)).toBeNull();
    expect(await repliesTo(from)).toEqual(before);
    expect(await ledger(from)).toEqual([{ action: 'OPT_OUT_NOT_SUBSCRIBED', messageAt: new Date((1_764_412_800 + 200) * 1000) }]);
    // The statistics count real unsubscriptions only.
    expect(await optOutsCounted()).toBe(counted);
    // A later Iscrivimi subscribes as always.
    await at(from, 'Iscrivimi Mario Rossi', 300);
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
  });

  it('a Cancellami from a pending request (no name yet) outranks an older Iscrivimi with the name', async () => {
    const from = newNumber();
    await at(from, 'Iscrivimi', 100);
    expect(await subscriber(from)).toMatchObject({ status: 'PENDING', awaitingName: true });
    const counted = await optOutsCounted();
    await at(from, 'Cancellami', 300);
    expect(await subscriber(from)).toBeNull();
    await at(from, 'Iscrivimi Mario Rossi', 200);
    expect(await subscriber(from)).toBeNull();
    expect((await ledger(from)).map((e) => e.action)).toEqual(['OPT_OUT_NOT_SUBSCRIBED']);
    expect(await optOutsCounted()).toBe(counted);
  });

  it('a repeated Cancellami after leaving outranks an older Iscrivimi sent between the two', async () => {
    const from = newNumber();
    await at(from, 'Iscrivimi Mario Rossi', 100);
    await at(from, 'Cancellami', 200);
    await at(from, 'Cancellami', 400);
    await at(from, 'Iscrivimi Mario Rossi', 300);
    expect(await subscriber(from)).toMatchObject({ status: 'UNSUBSCRIBED' });
    expect((await ledger(from)).map((e) => e.action)).toEqual(['OPT_IN', 'OPT_OUT', 'OPT_OUT_NOT_SUBSCRIBED']);
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
    expect(await ctx.db.consentEvent.findFirst({ where: { phoneHmac: s!.phoneHmac! } })).toMatchObject({ action: 'OPT_IN', channel: 'WEB' });
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

describe('citizens known by a business-scoped user id (username, no number)', () => {
  let n = 0;
  const newUserId = () => `IT.20261204${String(100_000_000 + ++n)}${seq}`;
  /** Meta's username-only shape: contacts[].profile.username + user_id, messages[].from_user_id, no from / wa_id. */
  const write = (userId: string, text: string, o: { timestamp?: string } = {}) =>
    deliver(usernameUserMessage(text, { userId, username: '@gianna', name: 'Gianna dal profilo' }, o));
  const byUserId = (userId: string) =>
    ctx.db.subscriber.findUnique({ where: { waUserIdHmac: waUserIdHmac(ctx.cipher, userId) }, include: { topics: { include: { topic: true } } } });
  const bothIds = (from: string, userId: string, text: string) => deliver(textMessage(text, { from, userId }));

  it("the fixture is Meta's username-only shape", () => {
    const payload = webhookPayload({ messages: [usernameUserMessage('x', { userId: 'IT.1' })] });
    const value = (payload.entry as Json[])[0]!.changes as Json[];
    const v = value[0]!.value as { contacts: Json[]; messages: Json[] };
    expect(v.contacts[0]).toMatchObject({ user_id: 'IT.1', profile: { username: '@niccolo.comune' } });
    expect(v.contacts[0]).not.toHaveProperty('wa_id');
    expect(v.messages[0]).toMatchObject({ from_user_id: 'IT.1' });
    expect(v.messages[0]).not.toHaveProperty('from');
  });

  it('Iscrivimi without a name, the name, Argomenti, a toggle, Cancellami: all answered at the user id', async () => {
    const userId = newUserId();
    await write(userId, 'Iscrivimi');
    expect(await byUserId(userId)).toMatchObject({ status: 'PENDING', awaitingName: true, phoneHmac: null, phoneEnc: null });
    expect((await repliesTo(userId))[0]).toContain('nome e cognome');
    await write(userId, 'Gianna Bianchi');
    const s = await byUserId(userId);
    expect(s).toMatchObject({ status: 'ACTIVE', source: 'WHATSAPP', phoneHmac: null });
    // The name typed in the message, never the profile name.
    expect(ctx.cipher.decrypt(s!.firstNameEnc!)).toBe('Gianna');
    expect(ctx.cipher.decrypt(s!.waUserIdEnc!)).toBe(userId);
    expect((await repliesTo(userId))[1]).toContain('Ciao Gianna');
    await write(userId, 'Argomenti');
    await deliver(interactiveListReply({ id: 'topic:viabilita', title: 'Viabilità e traffico' }, { from: null, fromUserId: userId }));
    const replies = await repliesTo(userId);
    expect(replies[2]).toMatch(/^\[list\] Scegli/);
    expect(replies[3]).toBe('Fatto. Ora ricevi avvisi su: Chiusura strade, Avvisi urgenti.');
    await write(userId, 'Cancellami');
    const out = await byUserId(userId);
    expect(out).toMatchObject({ status: 'UNSUBSCRIBED', waUserIdEnc: null, firstNameEnc: null, lastNameEnc: null, phoneHmac: null, topics: [] });
    expect((await repliesTo(userId))[4]).toContain('non riceverai più messaggi');
    const ledger = await ctx.db.consentEvent.findMany({ where: { phoneHmac: waUserIdHmac(ctx.cipher, userId) }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => e.action)).toEqual(['OPT_IN', 'TOPICS_CHANGED', 'OPT_OUT']);
    // A return is recognised by the user id.
    await write(userId, 'Iscrivimi Gianna Bianchi');
    expect(await byUserId(userId)).toMatchObject({ status: 'ACTIVE' });
    expect(await ctx.db.subscriber.count({ where: { waUserIdHmac: waUserIdHmac(ctx.cipher, userId) } })).toBe(1);
  });

  it('the one-way notice reaches a stranger without a number, once per 24 hours', async () => {
    const userId = newUserId();
    await write(userId, 'Buongiorno, quando riapre via Roma?');
    await write(userId, 'Ci siete?');
    expect(await repliesTo(userId)).toEqual([expect.stringContaining('non legge i messaggi')]);
    expect(await byUserId(userId)).toBeNull();
  });

  it('a late Iscrivimi sent before a processed Cancellami is dropped for a user id too', async () => {
    const userId = newUserId();
    await write(userId, 'Iscrivimi Gianna Bianchi', { timestamp: String(1_764_412_800 + 100) });
    await write(userId, 'Cancellami', { timestamp: String(1_764_412_800 + 300) });
    await write(userId, 'Iscrivimi Gianna Bianchi', { timestamp: String(1_764_412_800 + 200) });
    expect(await byUserId(userId)).toMatchObject({ status: 'UNSUBSCRIBED' });
  });

  it('a message with both ids on a number subscriber learns the user id; a later username-only message finds them', async () => {
    const from = newNumber();
    const userId = newUserId();
    await say(from, 'Iscrivimi Mario Rossi');
    await ctx.db.subscriber.update({ where: { phoneHmac: ctx.cipher.hmac(`+${from}`) }, data: { waUserIdHmac: null, waUserIdEnc: null } });
    await bothIds(from, userId, 'grazie');
    const s = await subscriber(from);
    expect(s!.waUserIdHmac).toBe(waUserIdHmac(ctx.cipher, userId));
    expect(ctx.cipher.decrypt(s!.waUserIdEnc!)).toBe(userId);
    await write(userId, 'Argomenti');
    // Found by the user id, answered at the number it has.
    expect((await repliesTo(from)).at(-1)).toMatch(/^\[list\] Scegli/);
    expect(await repliesTo(userId)).toEqual([]);
  });

  it('a user id seen with a new number moves to that number: the old row loses it', async () => {
    const oldNumber = newNumber();
    const newNo = newNumber();
    const userId = newUserId();
    await bothIds(oldNumber, userId, 'Iscrivimi Mario Rossi');
    expect((await subscriber(oldNumber))!.waUserIdHmac).toBe(waUserIdHmac(ctx.cipher, userId));
    await bothIds(newNo, userId, 'Iscrivimi Mario Rossi');
    const moved = await subscriber(newNo);
    expect(moved).toMatchObject({ status: 'ACTIVE', waUserIdHmac: waUserIdHmac(ctx.cipher, userId) });
    expect(await subscriber(oldNumber)).toMatchObject({ status: 'ACTIVE', waUserIdHmac: null, waUserIdEnc: null });
    expect((await byUserId(userId))!.id).toBe(moved!.id);
  });

  it('a username-only subscriber who later writes with the number too keeps one row, now with the number', async () => {
    const userId = newUserId();
    const from = newNumber();
    await write(userId, 'Iscrivimi Gianna Bianchi');
    const before = await byUserId(userId);
    await bothIds(from, userId, 'grazie');
    const after = await subscriber(from);
    expect(after!.id).toBe(before!.id);
    expect(ctx.cipher.decrypt(after!.phoneEnc!)).toBe(`+${from}`);
    expect((await repliesTo(from)).at(-1)).toContain('non legge i messaggi');
  });

  it('a web-form confirmation that comes with a user id stores it', async () => {
    const from = newNumber();
    const userId = newUserId();
    const r = await requestWebSubscription(
      ctx,
      { firstName: 'Gabriele', lastName: 'Rossetti', phone: `+${from}`, topics: ['urgenze'], privacyConsent: true },
      { ip: '192.0.2.9' },
    );
    if (!r.ok) throw new Error('request failed');
    await bothIds(from, userId, getConfirmationDetails(ctx, r.token)!.text);
    const s = await subscriber(from);
    expect(s).toMatchObject({ status: 'ACTIVE', source: 'WEB', waUserIdHmac: waUserIdHmac(ctx.cipher, userId) });
    expect(ctx.cipher.decrypt(s!.waUserIdEnc!)).toBe(userId);
  });

  it('a status naming only recipient_user_id is applied to the reply it belongs to', async () => {
    const userId = newUserId();
    await write(userId, 'Iscrivimi Gianna Bianchi');
    const row = await ctx.db.outboundMessage.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(ctx.cipher.decrypt(row.toEnc!)).toBe(userId);
    await ctx.db.outboundMessage.update({ where: { id: row.id }, data: { wamidHmac: wamidHmac(ctx.cipher, 'wamid.BSUID1'), status: 'SENT' } });
    const r = await post(webhookPayload({ statuses: [statusUpdate('delivered', { id: 'wamid.BSUID1', recipientId: null, recipientUserId: userId })] }));
    expect(r.status).toBe(200);
    // Processed as a worker would, until applied (a batch that failed once is retried by the leased path).
    await expect
      .poll(
        async () => {
          while ((await processInboundBatch(ctx)) > 0);
          return (await ctx.db.outboundMessage.findUniqueOrThrow({ where: { id: row.id } })).status;
        },
        { timeout: 10_000 },
      )
      .toBe('DELIVERED');
  });
});

describe('topics list with more than 10 active topics', () => {
  /** The interactive lists queued for a number, as sent (rows with id and title). */
  async function listsTo(digits: string) {
    const rows = await ctx.db.outboundMessage.findMany({ orderBy: { id: 'asc' } });
    return rows
      .filter((r) => r.toEnc && ctx.cipher.decrypt(r.toEnc) === `+${digits}`)
      .map((r) => JSON.parse(ctx.cipher.decrypt(r.contentEnc!)) as { type: string; sections?: { title: string; rows: { id: string; title: string }[] }[] })
      .filter((c) => c.type === 'list');
  }

  it('paginates 12 topics as 9 + "Altri argomenti", then the last 3, in their order, and toggles one from page 2', async () => {
    const extra = Array.from({ length: 9 }, (_, i) => ({ slug: `extra-${i + 1}`, name: `Extra ${i + 1}`, position: 10 + i }));
    await ctx.db.topic.createMany({ data: [...extra, { slug: 'extra-retired', name: 'Ritirato', position: 5, active: false }] });
    try {
      const from = newNumber();
      await say(from, 'Iscrivimi Mario Rossi');
      await say(from, 'Argomenti');
      await deliver(interactiveListReply({ id: 'topics:page:2', title: 'Altri argomenti' }, { from }));
      await deliver(interactiveListReply({ id: 'topic:extra-9', title: 'Extra 9' }, { from }));
      const [first, second] = await listsTo(from);
      const page1 = first!.sections![0]!;
      expect(page1.rows).toHaveLength(10);
      expect(page1.title).toBe('Argomenti (1/2)');
      expect(page1.rows.map((r) => r.id)).toEqual([
        'topic:viabilita',
        'topic:chiusura-strade',
        'topic:urgenze',
        ...extra.slice(0, 6).map((t) => `topic:${t.slug}`),
        'topics:page:2',
      ]);
      expect(page1.rows[9]!.title).toBe('Altri argomenti');
      const page2 = second!.sections![0]!;
      expect(page2.title).toBe('Argomenti (2/2)');
      expect(page2.rows.map((r) => r.id)).toEqual(['topic:extra-7', 'topic:extra-8', 'topic:extra-9']);
      const s = await subscriber(from);
      // Iscrivimi chose every active topic (not the retired one); the tap on page 2 turned Extra 9 off.
      expect(s!.topics.map((t) => t.topic.slug).sort()).toEqual(
        [...['chiusura-strade', 'urgenze', 'viabilita'], ...extra.slice(0, 8).map((t) => t.slug)].sort(),
      );
    } finally {
      await ctx.db.topic.deleteMany({ where: { slug: { startsWith: 'extra-' } } });
    }
  });
});

describe('names as people write them (issue 13)', () => {
  const storedName = async (from: string) => {
    const s = await subscriber(from);
    return [ctx.cipher.decrypt(s!.firstNameEnc!), ctx.cipher.decrypt(s!.lastNameEnc!)];
  };

  it('"Iscrivimi Gianna Dal Col" subscribes as Gianna / Dal Col with the usual reply', async () => {
    const from = newNumber();
    await say(from, 'Buongiorno, iscrivimi. Gianna Dal Col, grazie');
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
    expect(await storedName(from)).toEqual(['Gianna', 'Dal Col']);
    const replies = await repliesTo(from);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('Ciao Gianna');
    expect(replies[0]).not.toContain('scrivi *Nome*');
  });

  it('a guessed name gets the guess reply, and "Nome …" corrects the stored name', async () => {
    const from = newNumber();
    await say(from, 'Iscrivimi Dal Col Gianna');
    expect(await storedName(from)).toEqual(['Gianna', 'Dal Col']);
    const guessFrom = newNumber();
    await say(guessFrom, 'Iscrivimi Zorbet Kalinde');
    expect(await storedName(guessFrom)).toEqual(['Zorbet', 'Kalinde']);
    const [guess] = await repliesTo(guessFrom);
    expect(guess).toContain('ti abbiamo iscritto a *WhatsApp Conegliano* come *Zorbet Kalinde*');
    expect(guess).toContain('scrivi *Nome* seguito da nome e cognome');
    expect(guess).toContain('Cancellami');

    await say(guessFrom, 'Nome Kalinde Dal Col');
    expect(await storedName(guessFrom)).toEqual(['Kalinde', 'Dal Col']);
    const replies = await repliesTo(guessFrom);
    expect(replies).toHaveLength(2);
    expect(replies[1]).toBe('Fatto: ora sei iscritto come *Kalinde Dal Col*.');
    expect(await subscriber(guessFrom)).toMatchObject({ status: 'ACTIVE' });
  });

  it('"Il mio nome è …" from someone not subscribed subscribes them like Iscrivimi', async () => {
    const from = newNumber();
    await say(from, 'Il mio nome è Gianna Dal Col');
    expect(await subscriber(from)).toMatchObject({ status: 'ACTIVE' });
    expect(await storedName(from)).toEqual(['Gianna', 'Dal Col']);
    expect((await repliesTo(from))[0]).toContain('Ciao Gianna');
  });
});
