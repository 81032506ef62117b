import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSendHarness, type SendHarness } from '../delivery/testing/harness';
import { publishAlert, statusCounts, waitFor } from '../delivery/testing/fixtures';
import type { Logger } from '../log';
import { sendOutboxBatch } from '../outbox/send-outbox';
import { setSetting } from '../settings/store';
import { dumpAllRows, findLeaks } from '../testing/privacy-scan';
import { businessUserId } from '../whatsapp/simulator/meta-json';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
import { waUserIdHmac } from './wa-user-id';

/**
 * One person's whole life in the service through the real paths (the simulator standing in for
 * Meta, its webhooks through the app's receiver and the inbound worker): subscribe, receive an
 * alert with sent/delivered/read statuses, leave. Afterwards no row of any table holds their number
 * or name, in clear or inside a base64 token such as a wamid.
 */
const DIGITS = '393471928374';
const FIRST = 'Gianfranco';
const LAST = 'Bellavista';

let h: SendHarness;
/** Every log line the service wrote during the test, as the JSON logger would write it. */
const logged: string[] = [];
const recordingLogger = (base: Record<string, unknown> = {}): Logger => {
  const write = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void logged.push(
      JSON.stringify({ level, msg, ...base, ...fields }, (_k, v: unknown) =>
        v instanceof Error ? { message: v.message, stack: v.stack } : typeof v === 'bigint' ? String(v) : v,
      ),
    );
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: (f) => recordingLogger({ ...base, ...f }) };
};
beforeAll(async () => {
  h = await startSendHarness({ realClock: true, messagesPerSecond: 50 });
  h.ctx.log = recordingLogger();
  await setSetting(h.ctx.db, 'launchedAt', '2026-11-01T00:00:00.000Z');
});
afterAll(async () => h.close());

const subscriber = () => h.ctx.db.subscriber.findUnique({ where: { phoneHmac: h.ctx.cipher.hmac(`+${DIGITS}`) } });
const pendingEvents = () => h.ctx.db.inboundEvent.count({ where: { processedAt: null } });

async function flushOutbox(): Promise<void> {
  while ((await sendOutboxBatch(h.ctx, h.graph())) > 0);
  await h.sim.webhooksIdle();
  await waitFor(pendingEvents, (n) => n === 0, 10_000);
}

describe('privacy of the database after a subscriber has come and gone', () => {
  it('the scan finds a number hidden in a real wamid (so a pass below means something)', async () => {
    const { wamid } = await h.sim.phoneSends('393470000001', { type: 'text', text: 'ciao' });
    expect(wamid).toMatch(/^wamid\.HBgM/);
    expect(findLeaks(`{"x":"${wamid}"}`, ['393470000001'])).toEqual(['393470000001']);
    expect(findLeaks(`{"x":"${Buffer.from('00+393470000001').toString('base64url')}"}`, ['393470000001'])).toEqual(['393470000001']);
    expect(findLeaks(`{"x":"${wamid}"}`, ['393470000002'])).toEqual([]);
    await waitFor(pendingEvents, (n) => n === 0, 10_000);
  });

  it('holds no number, name or wamid of the person after Iscrivimi, an alert and Cancellami', async () => {
    const { ctx } = h;
    await h.sim.phoneSends(DIGITS, { type: 'text', text: `Iscrivimi ${FIRST} ${LAST}`, profileName: `${FIRST} ${LAST}` });
    await waitFor(subscriber, (s) => s?.status === 'ACTIVE', 10_000);
    await flushOutbox();

    const { alertId, recipients } = await publishAlert(ctx);
    expect(recipients).toBe(1);
    const engine = await h.startEngine();
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    await engine.stop();
    await h.sim.webhooksIdle();
    await waitFor(
      () => statusCounts(ctx, alertId),
      (c) => c.READ === 1,
      10_000,
    );
    const delivery = await ctx.db.delivery.findFirstOrThrow({ where: { alertId } });
    expect(delivery).toMatchObject({ status: 'READ' });
    expect(delivery.wamidHmac).toMatch(/^[0-9a-f]{64}$/);

    await h.sim.phoneSends(DIGITS, { type: 'text', text: 'Cancellami' });
    await waitFor(subscriber, (s) => s?.status === 'UNSUBSCRIBED', 10_000);
    await flushOutbox();
    // The replies went out and their statuses were matched by HMAC.
    const replies = await ctx.db.outboundMessage.findMany();
    expect(replies.length).toBeGreaterThanOrEqual(2);
    for (const r of replies) expect(r.wamidHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(replies.some((r) => r.status === 'DELIVERED' || r.status === 'READ')).toBe(true);

    const dump = await dumpAllRows(ctx.pool);
    expect(dump).toContain('"wamid_hmac"');
    expect(dump).toContain('"dedupe_key":"status:');
    expect(dump).not.toContain('wamid.');
    expect(findLeaks(dump, [DIGITS, FIRST, LAST])).toEqual([]);
    // Nor do the logs (no wamid, number or name in clear or inside a token).
    expect(logged.length).toBeGreaterThan(0);
    const logs = logged.join('\n');
    expect(logs).not.toContain('wamid.');
    expect(findLeaks(logs, [DIGITS, FIRST, LAST])).toEqual([]);
  });
});

/**
 * A citizen with a WhatsApp username writes without a number: Meta's webhooks carry only the
 * business-scoped user id (BSUID). The same journey must work, every message to them must go by
 * `recipient` (never `to`), and afterwards no row nor log line holds the BSUID or the name.
 */
describe('a username-only citizen (no number, only a BSUID)', () => {
  // The simulated phone knows its number; the service never sees it.
  const HIDDEN = '393489017265';
  const BSUID = businessUserId(TEST_IDS.wabaId, HIDDEN);
  const NAME = { first: 'Ermenegilda', last: 'Scaramuzza' };
  const say = (text: string) => h.sim.phoneSends(HIDDEN, { type: 'text', text, username: '@ermenegilda', profileName: 'Gilda dal profilo' });
  const byBsuid = () => h.ctx.db.subscriber.findUnique({ where: { waUserIdHmac: waUserIdHmac(h.ctx.cipher, BSUID) }, include: { topics: true } });
  /** Every Graph request body the service sent, as JSON. */
  const sent: Record<string, unknown>[] = [];
  const recording: typeof fetch = async (input, init) => {
    if (typeof init?.body === 'string') sent.push(JSON.parse(init.body) as Record<string, unknown>);
    return h.fetch(input, init);
  };
  const flush = async () => {
    while ((await sendOutboxBatch(h.ctx, h.graph(5000, recording))) > 0);
    await h.sim.webhooksIdle();
    await waitFor(pendingEvents, (n) => n === 0, 10_000);
  };

  it('subscribes, chooses topics, receives an alert at the BSUID, leaves, and leaves nothing identifying', async () => {
    const { ctx } = h;
    expect(BSUID).toMatch(/^IT\.\d+$/);
    await say(`Iscrivimi ${NAME.first} ${NAME.last}`);
    const s = await waitFor(byBsuid, (r) => r?.status === 'ACTIVE', 10_000);
    expect(s).toMatchObject({ phoneHmac: null, phoneEnc: null, source: 'WHATSAPP' });
    // The name comes from the message, not from the WhatsApp profile.
    expect(ctx.cipher.decrypt(s!.firstNameEnc!)).toBe(NAME.first);
    expect(ctx.cipher.decrypt(s!.lastNameEnc!)).toBe(NAME.last);
    expect(ctx.cipher.decrypt(s!.waUserIdEnc!)).toBe(BSUID);
    const ledger = () => ctx.db.consentEvent.findMany({ where: { phoneHmac: waUserIdHmac(ctx.cipher, BSUID) }, orderBy: { id: 'asc' } });
    expect((await ledger()).map((e) => e.action)).toEqual(['OPT_IN']);
    await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ recipient: BSUID, type: 'text' });
    expect(sent[0]).not.toHaveProperty('to');
    expect((sent[0]!.text as { body: string }).body).toContain(`Ciao ${NAME.first}`);

    // Argomenti and a topic toggle from the list, both answered at the BSUID.
    await say('Argomenti');
    await waitFor(pendingEvents, (n) => n === 0, 10_000);
    await flush();
    expect(sent[1]).toMatchObject({ recipient: BSUID, type: 'interactive' });
    const before = (await byBsuid())!.topics.length;
    await h.sim.phoneSends(HIDDEN, { type: 'list_reply', id: 'topic:viabilita', title: 'Viabilità', contextId: 'wamid.x', username: '@ermenegilda' });
    await waitFor(byBsuid, (r) => r?.topics.length === before - 1, 10_000);
    await flush();
    expect(sent[2]).toMatchObject({ recipient: BSUID });

    // An alert reaches them by BSUID; its statuses (recipient_user_id, no recipient_id) are applied.
    const { alertId, recipients } = await publishAlert(ctx);
    expect(recipients).toBe(1);
    const engine = await h.startEngine({}, h.graph(5000, recording));
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    await engine.stop();
    await h.sim.webhooksIdle();
    await waitFor(
      () => statusCounts(ctx, alertId),
      (c) => c.READ === 1,
      10_000,
    );
    const alertBody = sent.find((b) => b.type === 'template');
    expect(alertBody).toMatchObject({ recipient: BSUID, template: { name: 'avviso_comune' } });
    expect(alertBody).not.toHaveProperty('to');

    await say('Cancellami');
    await waitFor(byBsuid, (r) => r?.status === 'UNSUBSCRIBED', 10_000);
    await flush();
    const out = await byBsuid();
    expect(out).toMatchObject({ phoneHmac: null, waUserIdEnc: null, firstNameEnc: null, lastNameEnc: null, topics: [] });
    expect((await ledger()).map((e) => e.action)).toEqual(['OPT_IN', 'TOPICS_CHANGED', 'OPT_OUT']);
    const goodbye = sent[sent.length - 1]!;
    expect(goodbye).toMatchObject({ recipient: BSUID, type: 'text' });
    expect((goodbye.text as { body: string }).body).toContain('non riceverai più messaggi');
    expect(sent.every((b) => !('to' in b))).toBe(true);

    const dump = await dumpAllRows(ctx.pool);
    expect(findLeaks(dump, [BSUID, HIDDEN, NAME.first, NAME.last, 'ermenegilda'])).toEqual([]);
    const logs = logged.join('\n');
    expect(findLeaks(logs, [BSUID, HIDDEN, NAME.first, NAME.last, 'ermenegilda'])).toEqual([]);
  });
});
