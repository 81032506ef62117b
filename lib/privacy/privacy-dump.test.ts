import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSendHarness, type SendHarness } from '../delivery/testing/harness';
import { publishAlert, statusCounts, waitFor } from '../delivery/testing/fixtures';
import type { Logger } from '../log';
import { sendOutboxBatch } from '../outbox/send-outbox';
import { setSetting } from '../settings/store';
import { dumpAllRows, findLeaks } from '../testing/privacy-scan';

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
