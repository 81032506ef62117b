import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAlert, statusCounts, waitFor } from './testing/fixtures';
import { seedSubscribers } from '../testing/fixtures';
import { startSendHarness, type SendHarness } from './testing/harness';
import { spawnWorker, type WorkerProcess } from './testing/worker-process';

/**
 * Worker processes (`lib/worker/main.ts`) killed with SIGKILL three times while an alert goes to
 * 5,000 people. Nothing may be lost; a recipient may get a second message only for a send that was
 * in flight at the kill, so the extra messages are at most 3 x DELIVERY_MAX_IN_FLIGHT.
 */
const RECIPIENTS = 5000;
const MAX_IN_FLIGHT = 16;
const KILLS = 3;

let h: SendHarness;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  // Only `sent` statuses (what matches a send whose answer died with its worker): less load.
  h = await startSendHarness({
    realClock: true,
    messagesPerSecond: 1000,
    knobs: { statusBatchMax: 50, statusFlushMs: 20, statusDelaysMs: { sent: 5, delivered: 600_000, read: 600_000 } },
  });
});

afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await h.close();
});

describe('a worker killed with SIGKILL', () => {
  it('loses nothing and sends at most the in-flight ones twice', { timeout: 120_000 }, async () => {
    const { ctx, sim } = h;
    const start = () => {
      const w = spawnWorker({
        databaseUrl: ctx.databaseUrl,
        graphUrl: h.graphUrl,
        dataKey: h.dataKey,
        maxInFlight: MAX_IN_FLIGHT,
        leaseSeconds: 3,
        outcomeWaitSeconds: 2,
      });
      workers.push(w);
      return w;
    };
    await seedSubscribers(ctx, { count: RECIPIENTS });
    const alive = [start(), start()];
    await Promise.all(alive.map((w) => w.ready));
    const { alertId } = await publishAlert(ctx, { urgent: true });

    for (let k = 0; k < KILLS; k++) {
      const threshold = ((k + 1) * RECIPIENTS) / (KILLS + 2);
      await waitFor(
        async () => sim.stats().acceptedSends,
        (n) => n >= threshold,
        60_000,
        10,
      );
      // At an arbitrary moment of the send, not at a batch boundary.
      await new Promise((r) => setTimeout(r, Math.random() * 100));
      const victim = alive.shift()!;
      victim.kill('SIGKILL');
      expect(await victim.exited).toBeNull();
      const next = start();
      alive.push(next);
      await next.ready;
    }

    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      90_000,
      200,
    );
    const stats = sim.stats();
    expect(stats.distinctRecipients).toBe(RECIPIENTS);
    const extra = stats.acceptedSends - stats.distinctRecipients;
    expect(extra).toBeLessThanOrEqual(KILLS * MAX_IN_FLIGHT);
    const counts = await statusCounts(ctx, alertId);
    expect(counts.QUEUED ?? 0).toBe(0);
    expect(counts.SENDING ?? 0).toBe(0);
    expect(counts.FAILED ?? 0).toBe(0);
    const noWamid = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM deliveries WHERE wamid_hmac IS NULL');
    expect(noWamid.rows[0]?.n).toBe(0);

    // The survivors stop gracefully on SIGTERM.
    for (const w of alive) w.kill('SIGTERM');
    expect(await Promise.all(alive.map((w) => w.exited))).toEqual(alive.map(() => 0));
  });
});
