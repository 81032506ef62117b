import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientConfig } from '../db';
import { messageDedupeKey } from '../privacy/wamid';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, textMessage, webhookPayload } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { createEventSink } from './event-sink';
import { processInboundBatch } from './process-events';
import { receiveWebhook } from './receive-webhook';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
  await setSetting(ctx.db, 'launchedAt', '2026-11-01T00:00:00.000Z');
});
afterAll(async () => ctx.close());

describe('webhook with the database paused', () => {
  it('answers 503 within its timeout with bounded memory, and after the resume every event is processed once', async () => {
    // The sink's own pool of two connections; their server processes are stopped (SIGSTOP), as a
    // paused or hung database looks to the app: connections open, nothing ever answers.
    const pool = new pg.Pool({ ...clientConfig(ctx.databaseUrl), max: 2 });
    const paused = { ...ctx, pool };
    const clients = await Promise.all([pool.connect(), pool.connect()]);
    const pids = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid));
    for (const c of clients) c.release();
    const timeoutMs = 500;
    const sink = createEventSink(paused, { maxPendingEvents: 20, timeoutMs });
    const numbers = Array.from({ length: 60 }, (_, i) => `3933300${String(20000 + i)}`);
    const posts = numbers.map((from, i) => {
      const raw = Buffer.from(metaJson(webhookPayload({ messages: [textMessage('stop', { from, id: `wamid.PAUSE${i}` })] })));
      return { raw, sig: signPayload(raw, ctx.whatsapp.appSecret) };
    });
    const slowest: number[] = [];
    let maxPending = 0;
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    try {
      // Three waves of POSTs while it stays paused, as Meta keeps sending.
      for (let wave = 0; wave < 3; wave++) {
        const start = Date.now();
        const results = await Promise.all(
          posts.map(async (p) => {
            const r = await receiveWebhook(paused, p.raw, p.sig, sink);
            maxPending = Math.max(maxPending, sink.pending());
            return r;
          }),
        );
        slowest.push(Date.now() - start);
        expect(results.every((r) => r.status === 503)).toBe(true);
      }
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    expect(Math.max(...slowest)).toBeLessThan(timeoutMs + 500);
    expect(maxPending).toBeLessThanOrEqual(20);
    expect(sink.pending()).toBe(0);

    // Resumed: Meta's retries go through; the two batches stuck in flight commit as well.
    for (const p of posts) expect(await receiveWebhook(paused, p.raw, p.sig, sink)).toMatchObject({ status: 200 });
    while ((await processInboundBatch(ctx)) > 0);
    const events = await ctx.pool.query<{ n: number; processed: number }>(
      `SELECT count(*)::int AS n, count(processed_at)::int AS processed FROM inbound_events WHERE dedupe_key = ANY($1::text[])`,
      [posts.map((_, i) => messageDedupeKey(ctx.cipher, `wamid.PAUSE${i}`))],
    );
    expect(events.rows[0]).toEqual({ n: 60, processed: 60 });
    // One effect per event: each "stop" confirmed exactly once.
    const replies = await ctx.db.outboundMessage.findMany({ select: { toEnc: true } });
    const perNumber = new Map<string, number>();
    for (const r of replies) if (r.toEnc) perNumber.set(ctx.cipher.decrypt(r.toEnc), (perNumber.get(ctx.cipher.decrypt(r.toEnc)) ?? 0) + 1);
    expect(numbers.map((n) => perNumber.get(`+${n}`))).toEqual(numbers.map(() => 1));
    await pool.end();
  }, 30_000);
});
