import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusDedupeKey } from '../privacy/wamid';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, statusUpdate, webhookPayload } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { createEventSink } from './event-sink';
import { receiveWebhook } from './receive-webhook';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
});
afterAll(async () => ctx.close());

const signed = (ids: string[]) => {
  const raw = Buffer.from(metaJson(webhookPayload({ statuses: ids.map((id) => statusUpdate('delivered', { id })) })));
  return { raw, sig: signPayload(raw, ctx.whatsapp.appSecret) };
};

describe('group commit of webhook events', () => {
  it('stores every event of 300 concurrent POSTs exactly once, duplicates across POSTs included', async () => {
    const posts = Array.from({ length: 300 }, (_, i) => signed([`wamid.G${i}`, `wamid.G${(i + 1) % 300}`]));
    const results = await Promise.all(posts.map((p) => receiveWebhook(ctx, p.raw, p.sig)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    const stored = results.reduce((n, r) => n + (r.status === 200 ? r.stored : 0), 0);
    const duplicates = results.reduce((n, r) => n + (r.status === 200 ? r.duplicates : 0), 0);
    expect(stored).toBe(300);
    expect(duplicates).toBe(300);
    const keys = Array.from({ length: 300 }, (_, i) => statusDedupeKey(ctx.cipher, `wamid.G${i}`, 'delivered'));
    expect(await ctx.db.inboundEvent.count({ where: { dedupeKey: { in: keys } } })).toBe(300);
    // The wamid holds the number: the stored key holds only its keyed HMAC.
    expect(await ctx.db.inboundEvent.count({ where: { dedupeKey: { contains: 'wamid.' } } })).toBe(0);
  });

  it('answers 503 to every waiting POST when the database refuses the batch, and stores nothing', async () => {
    await ctx.pool.query(
      `ALTER TABLE inbound_events ADD CONSTRAINT reject_all CHECK (dedupe_key NOT IN ('${statusDedupeKey(ctx.cipher, 'wamid.X1', 'delivered')}', '${statusDedupeKey(ctx.cipher, 'wamid.X2', 'delivered')}')) NOT VALID`,
    );
    try {
      const results = await Promise.all([signed(['wamid.X1']), signed(['wamid.X2'])].map((p) => receiveWebhook(ctx, p.raw, p.sig)));
      expect(results).toEqual([
        { status: 503, error: 'storage_unavailable' },
        { status: 503, error: 'storage_unavailable' },
      ]);
    } finally {
      await ctx.pool.query('ALTER TABLE inbound_events DROP CONSTRAINT reject_all');
    }
    expect(
      await ctx.db.inboundEvent.count({ where: { dedupeKey: { in: ['wamid.X1', 'wamid.X2'].map((w) => statusDedupeKey(ctx.cipher, w, 'delivered')) } } }),
    ).toBe(0);
  });

  it('answers 503 within its timeout when the database hangs, holds at most its bound, and stores every retry once', async () => {
    // A database that does not answer: another connection holds the table the sink inserts into.
    const locker = await ctx.pool.connect();
    const timeoutMs = 600;
    const sink = createEventSink(ctx, { maxPendingEvents: 6, timeoutMs });
    const posts = Array.from({ length: 12 }, (_, i) => signed([`wamid.H${i}a`, `wamid.H${i}b`]));
    let results: Awaited<ReturnType<typeof receiveWebhook>>[];
    let elapsed: number[];
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE inbound_events IN ACCESS EXCLUSIVE MODE');
      const start = Date.now();
      const answers = posts.map(async (p) => {
        const r = await receiveWebhook(ctx, p.raw, p.sig, sink);
        return { r, ms: Date.now() - start };
      });
      // One POST is in flight (stuck on the lock), three queued fill the bound of 6 events.
      await new Promise((r) => setTimeout(r, 100));
      expect(sink.pending()).toBe(6);
      const done = await Promise.all(answers);
      results = done.map((d) => d.r);
      elapsed = done.map((d) => d.ms);
      expect(sink.pending()).toBe(0);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
    }
    expect(results.every((r) => r.status === 503)).toBe(true);
    // The eight POSTs past the bound were refused at once, the others when their timeout ran out.
    expect(elapsed.filter((ms) => ms < timeoutMs / 2)).toHaveLength(8);
    expect(Math.max(...elapsed)).toBeLessThan(timeoutMs + 400);

    // Meta retries every one of them (spread over time: one after the other here); the batch that
    // was in flight commits once the lock is gone, so its retries find duplicates.
    const retried = [];
    for (const p of posts) retried.push(await receiveWebhook(ctx, p.raw, p.sig, sink));
    expect(retried.every((r) => r.status === 200)).toBe(true);
    // How many retries find them depends on whether those commits land before or after their retry
    // (both store each event once); at most the 2 events of the in-flight POST can be duplicates.
    expect(retried.reduce((n, r) => n + (r.status === 200 ? r.duplicates : 0), 0)).toBeLessThanOrEqual(2);
    const rows = await ctx.pool.query<{ dedupe_key: string; n: number }>(
      `SELECT dedupe_key, count(*)::int AS n FROM inbound_events WHERE dedupe_key = ANY($1::text[]) GROUP BY dedupe_key`,
      [
        Array.from({ length: 12 }, (_, i) => [`wamid.H${i}a`, `wamid.H${i}b`])
          .flat()
          .map((w) => statusDedupeKey(ctx.cipher, w, 'delivered')),
      ],
    );
    expect(rows.rows).toHaveLength(24);
    expect(rows.rows.every((r) => r.n === 1)).toBe(true);
  });
});
