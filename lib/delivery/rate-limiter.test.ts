import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestContext, type TestContext } from '../testing/test-context';
import { DbClock } from './db-clock';
import { performance } from 'node:perf_hooks';
import { setSetting } from '../settings/store';
import type { GraphClient } from '../whatsapp/client';
import { ensureLimiter, LimiterConnection, reserveSlots, slotInterval, slowDown } from './rate-limiter';
import { rateLimitedGraph } from './slot-gate';

let ctx: TestContext;
let other: pg.Pool;

beforeAll(async () => {
  ctx = await createTestContext({ seed: false });
  // A second pool stands for a second worker process.
  other = new pg.Pool({ connectionString: ctx.databaseUrl, max: 4 });
  await ensureLimiter(ctx.pool, 'k');
});

afterAll(async () => {
  await other.end();
  await ctx.close();
});

/** Largest number of points in any half-open window [t, t + 1000). */
function maxWindow(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('the send limiter', () => {
  it('spaces slots so that cap sends, each up to the tolerance late, fit in every 1-second window', () => {
    for (const [cap, tolerance] of [
      [80, 20],
      [200, 20],
      [1000, 20],
      [1000, 5],
    ] as const) {
      const interval = slotInterval(cap, tolerance);
      // Worst case: alternate sends on time and `tolerance` late, over several seconds.
      const times = Array.from({ length: cap * 5 }, (_, k) => k * interval + (k % 2 === 0 ? tolerance : 0) * (k % 7 === 0 ? 0 : 1));
      expect(maxWindow(times)).toBeLessThanOrEqual(cap);
      const random = Array.from({ length: cap * 5 }, (_, k) => k * interval + Math.random() * tolerance);
      expect(maxWindow(random)).toBeLessThanOrEqual(cap);
    }
  });

  it('never hands out overlapping slots to concurrent workers', async () => {
    const interval = slotInterval(1000, 20);
    const got: { start: number; n: number }[] = [];
    const worker = async (pool: pg.Pool) => {
      for (let i = 0; i < 40; i++) {
        const r = await reserveSlots(pool, new DbClock(), 'k', 5, interval, 20);
        if (r.granted) got.push({ start: r.startMs, n: r.slots.length });
        else await new Promise((res) => setTimeout(res, r.retryInMs));
      }
    };
    await Promise.all([worker(ctx.pool), worker(other), worker(ctx.pool), worker(other)]);
    got.sort((a, b) => a.start - b.start);
    expect(got.length).toBeGreaterThan(50);
    for (let i = 1; i < got.length; i++) expect(got[i]!.start).toBeGreaterThanOrEqual(got[i - 1]!.start + got[i - 1]!.n * interval - 1e-6);
  });

  it('maps slots to local time pessimistically: never before the slot, deadline within the tolerance', async () => {
    // A key of its own: the previous test leaves 'k' reserved up to the horizon.
    await ensureLimiter(ctx.pool, 'map');
    const r = await reserveSlots(ctx.pool, new DbClock(), 'map', 3, 10, 20);
    if (!r.granted) throw new Error('not granted');
    for (const [i, s] of r.slots.entries()) {
      expect(s.deadline - s.notBefore).toBeLessThanOrEqual(20);
      if (i > 0) expect(s.notBefore - r.slots[i - 1]!.notBefore).toBeCloseTo(10, 3);
    }
  });

  it('maps the database clock with the error of its best sample, whatever a slow query took', () => {
    const clock = new DbClock(() => 300);
    clock.sample(0, 40, 1_000_020); // slow: error ±20 ms
    clock.sample(100, 101, 1_000_100.5); // fast: offset 1_000_000 ± 0.5 ms
    clock.sample(200, 260, 1_000_300); // slow again, and off: ignored
    const [earliest, latest] = clock.toLocal(1_000_500);
    expect(earliest).toBeLessThanOrEqual(500);
    expect(latest).toBeGreaterThanOrEqual(500);
    expect(latest - earliest).toBeLessThan(2);
  });

  it('refuses to reserve more than the horizon ahead and says when to come back', async () => {
    await ensureLimiter(ctx.pool, 'h');
    let refused: number | null = null;
    for (let i = 0; i < 20 && refused === null; i++) {
      const r = await reserveSlots(ctx.pool, new DbClock(), 'h', 50, 10, 20);
      if (!r.granted) refused = r.retryInMs;
    }
    expect(refused).not.toBeNull();
    expect(refused).toBeGreaterThan(0);
  });

  it('slows every worker down after a 130429, doubling at most once a second', async () => {
    await ensureLimiter(ctx.pool, 's');
    await slowDown(ctx.pool, 's');
    await slowDown(other, 's');
    const r = await reserveSlots(other, new DbClock(), 's', 1, 10, 20);
    expect(r.granted && r.intervalMs).toBe(20);
    const row = await ctx.pool.query('SELECT slow_factor, throttled_count FROM send_rate_limiter WHERE key = $1', ['s']);
    expect(row.rows[0]).toEqual({ slow_factor: 2, throttled_count: 1 });
  });

  it('makes replies and test sends (the outbox) take their slot too', async () => {
    await setSetting(ctx.db, 'messagesPerSecond', 20);
    await ensureLimiter(ctx.pool, 'o');
    const starts: number[] = [];
    const fake = { sendText: async () => (starts.push(performance.now()), { wamid: 'wamid.x' }) } as unknown as GraphClient;
    const limiter = new LimiterConnection(ctx.databaseUrl);
    const graph = rateLimitedGraph(ctx, fake, limiter, 'o', 20);
    await Promise.all(Array.from({ length: 45 }, () => graph.sendText('+393331234567', 'ciao')));
    await limiter.close();
    expect(starts).toHaveLength(45);
    expect(maxWindow(starts)).toBeLessThanOrEqual(20);
  });
});
