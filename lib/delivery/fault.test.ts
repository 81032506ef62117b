import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAlert, statusCounts, waitFor } from './testing/fixtures';
import { seedSubscribers } from '../testing/fixtures';
import { startSendHarness, type SendHarness } from './testing/harness';

/**
 * Meta misbehaving: 5% of sends answer 5xx, 2% never answer (half of those were accepted anyway),
 * and twice the throughput limit drops so that bursts of 130429 come back. Every recipient must
 * get exactly one message, and every retry must have waited its backoff.
 */
const RECIPIENTS = 5000;
const TIMEOUT_MS = 2000;
const OUTCOME_WAIT_MS = 5000;

let h: SendHarness;
const attempts = new Map<string, { t: number; status: number }[]>();

const recordingFetch: typeof fetch = async (url, init) => {
  const to = (JSON.parse(String(init?.body)) as { to?: string }).to ?? '';
  const t = performance.now();
  const list = attempts.get(to) ?? [];
  attempts.set(to, list);
  try {
    const res = await h.fetch(url, init);
    list.push({ t, status: res.status });
    return res;
  } catch (e) {
    list.push({ t, status: 0 });
    throw e;
  }
};

beforeAll(async () => {
  h = await startSendHarness({
    realClock: true,
    messagesPerSecond: 800,
    // Only `sent` statuses within the test (they are what matches a timed-out send): less load.
    knobs: {
      errorRate5xx: 0.05,
      timeoutRate: 0.02,
      timeoutAcceptedFraction: 0.5,
      statusBatchMax: 50,
      statusFlushMs: 20,
      statusDelaysMs: { sent: 5, delivered: 600_000, read: 600_000 },
    },
  });
});

afterAll(async () => {
  await h.close();
});

describe('sending while Meta fails', () => {
  it('delivers exactly one message to each of 5,000 recipients, backing off on every failure', { timeout: 90_000 }, async () => {
    const { ctx, sim } = h;
    await seedSubscribers(ctx, { count: RECIPIENTS });
    const { alertId, recipients } = await publishAlert(ctx, { urgent: true });
    expect(recipients).toBe(RECIPIENTS);

    // Two bursts of 130429: the throughput Meta allows drops for 150 ms.
    let bursts = 0;
    const burster = setInterval(() => {
      const accepted = sim.stats().acceptedSends;
      if ((bursts === 0 && accepted > 1000) || (bursts === 1 && accepted > 3000)) {
        bursts++;
        sim.setKnobs({ maxPerSecond: 20 });
        setTimeout(() => sim.setKnobs({ maxPerSecond: null }), 150);
      }
    }, 20);
    await h.startEngine({ sendTimeoutMs: TIMEOUT_MS, outcomeWaitMs: OUTCOME_WAIT_MS }, h.graph(TIMEOUT_MS, recordingFetch));
    try {
      await waitFor(
        () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
        (a) => a.status === 'SENT',
        60_000,
        200,
      );
    } finally {
      clearInterval(burster);
    }

    const stats = sim.stats();
    expect(stats.errorsByCode['130429']).toBeGreaterThan(0);
    expect((stats.errorsByCode['131000'] ?? 0) + (stats.errorsByCode['2'] ?? 0)).toBeGreaterThan(100);
    expect(stats.timeouts.held).toBeGreaterThan(20);
    expect(stats.timeouts.acceptedAnyway).toBeGreaterThan(5);
    // Exactly one message each: nothing lost, nothing twice (timed-out sends Meta accepted were
    // matched by their status webhook instead of being sent again).
    expect(stats.duplicateRecipientsCount).toBe(0);
    expect(stats.distinctRecipients).toBe(RECIPIENTS);
    const counts = await statusCounts(ctx, alertId);
    expect(counts.QUEUED ?? 0).toBe(0);
    expect(counts.SENDING ?? 0).toBe(0);
    expect(counts.FAILED ?? 0).toBe(0);
    expect((counts.SENT ?? 0) + (counts.DELIVERED ?? 0) + (counts.READ ?? 0)).toBe(RECIPIENTS);
    const withWamid = await ctx.pool.query<{ n: number }>('SELECT count(DISTINCT wamid_hmac)::int AS n FROM deliveries WHERE alert_id = $1', [alertId]);
    expect(withWamid.rows[0]?.n).toBe(RECIPIENTS);

    // Backoff observed: after an error answer the same recipient was tried again no sooner than
    // the first backoff step (250 ms); after a timeout, no sooner than the outcome wait.
    let retried = 0;
    for (const list of attempts.values()) {
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1]!;
        const gap = list[i]!.t - prev.t;
        retried++;
        expect(prev.status).not.toBe(200);
        expect(gap).toBeGreaterThanOrEqual(prev.status === 0 ? TIMEOUT_MS + OUTCOME_WAIT_MS : 250);
      }
    }
    expect(retried).toBeGreaterThan(200);
    // And the global rate was slowed: the shared limiter recorded the throttling.
    const limiter = await ctx.pool.query<{ throttled_count: number }>('SELECT throttled_count FROM send_rate_limiter');
    expect(limiter.rows[0]?.throttled_count).toBeGreaterThanOrEqual(1);
  });
});
