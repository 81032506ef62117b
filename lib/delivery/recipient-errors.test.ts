import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSubscribers, testNumber } from '../testing/fixtures';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
import { getDeliveryProgress } from './progress';
import { publishAlert, statusCounts, waitFor } from './testing/fixtures';
import { startSendHarness, type SendHarness } from './testing/harness';

/**
 * Meta's per-recipient refusals, against the simulator's Graph stand-in with Meta's error bodies:
 * 131049 (ecosystem engagement, a `failed` status webhook) and 131056 (pair rate, the answer).
 */
let h: SendHarness;
const sent = (c: Record<string, number>) => (c.SENT ?? 0) + (c.DELIVERED ?? 0) + (c.READ ?? 0);
interface Row {
  status: string;
  attempts: number;
  errorCode: number | null;
  errorDetail: string | null;
  availableAt: Date;
  updatedAt: Date;
}
const deliveriesOf = async (alertId: string) =>
  (
    await h.ctx.pool.query<Row>(
      `SELECT status::text, attempts, error_code AS "errorCode", error_detail AS "errorDetail", available_at AS "availableAt", updated_at AS "updatedAt"
         FROM deliveries WHERE alert_id = $1::uuid`,
      [alertId],
    )
  ).rows;
const alertStatus = async (id: string) => (await h.ctx.db.alert.findUniqueOrThrow({ where: { id } })).status;

beforeAll(async () => {
  h = await startSendHarness({ messagesPerSecond: 500 });
  await h.startEngine();
});

afterAll(async () => {
  await h.close();
});

describe('131049: not delivered to keep ecosystem engagement healthy', () => {
  it('fails that delivery with the code, sends nothing to that person for 24 h, and is no system failure', { timeout: 60_000 }, async () => {
    const { ctx, sim } = h;
    await seedSubscribers(ctx, { count: 10, topicSlug: 'viabilita' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'viabilita' } })).id;
    const limited = [testNumber(0), testNumber(1)].map((n) => n.replace('+', ''));
    sim.setKnobs({ engagementLimited: limited });

    const first = await publishAlert(ctx, { topicIds: [topic] });
    await waitFor(
      () => alertStatus(first.alertId),
      (s) => s === 'SENT',
      20_000,
    );
    const c1 = await waitFor(
      () => statusCounts(ctx, first.alertId),
      (c) => c.FAILED === 2,
      20_000,
    );
    expect(sent(c1)).toBe(8);
    const failed = await ctx.pool.query<{ error_code: number; error_detail: string; hold: Date | null }>(
      `SELECT d.error_code, d.error_detail, s.engagement_hold_until AS hold FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.alert_id = $1::uuid AND d.status = 'FAILED'`,
      [first.alertId],
    );
    expect(failed.rows).toHaveLength(2);
    for (const d of failed.rows) {
      expect(d.error_code).toBe(131049);
      expect(d.error_detail).toMatch(/healthy ecosystem engagement/);
      expect(d.hold?.getTime()).toBe(ctx.now().getTime() + 24 * 3600_000);
    }
    const progress = await getDeliveryProgress(ctx, first.alertId);
    expect(progress?.failures).toEqual([{ code: 131049, label: 'Non consegnato da Meta per limitare i messaggi ricevuti', count: 2 }]);
    // Not a fault of the service: nothing paused, the shared rate not slowed.
    const limiter = await ctx.pool.query<{ slow_factor: number; throttled_count: number }>(
      'SELECT slow_factor, throttled_count FROM send_rate_limiter WHERE key = $1',
      [TEST_IDS.phoneNumberId],
    );
    expect(limiter.rows[0]?.throttled_count ?? 0).toBe(0);

    // Within 24 h: the two are skipped (no request to Meta), the others get the next alert.
    ctx.clock.advance(10_000);
    const accepted = sim.stats().acceptedSends;
    const second = await publishAlert(ctx, { topicIds: [topic] });
    await waitFor(
      () => alertStatus(second.alertId),
      (s) => s === 'SENT',
      20_000,
    );
    expect(await statusCounts(ctx, second.alertId)).toMatchObject({ SKIPPED: 2 });
    expect(sim.stats().acceptedSends - accepted).toBe(8);
    expect((await getDeliveryProgress(ctx, second.alertId))?.skipped).toEqual([
      { reason: 'engagement_limit', label: 'Meta non consegna a questa persona per 24 ore (errore 131049)', count: 2 },
    ]);

    // A day later they receive alerts again.
    sim.setKnobs({ engagementLimited: [] });
    ctx.clock.advance(24 * 3600_000);
    const third = await publishAlert(ctx, { topicIds: [topic] });
    await waitFor(
      () => alertStatus(third.alertId),
      (s) => s === 'SENT',
      20_000,
    );
    expect(
      sent(
        await waitFor(
          () => statusCounts(ctx, third.alertId),
          (c) => sent(c) === 10,
          20_000,
        ),
      ),
    ).toBe(10);
  });
});

describe('131056: pair rate limit', () => {
  it('retries only that recipient after 4^n s, without slowing the others', { timeout: 60_000 }, async () => {
    const { ctx, sim } = h;
    await seedSubscribers(ctx, { count: 5, start: 100, topicSlug: 'urgenze' });
    await seedSubscribers(ctx, { count: 20, start: 200, topicSlug: 'chiusura-strade' });
    const topic = async (slug: string) => (await ctx.db.topic.findUniqueOrThrow({ where: { slug } })).id;
    const urgenze = await topic('urgenze');
    // Meta counts the pair rate in its own time: the same five again within a minute get 131056.
    sim.setKnobs({ pairRateMs: 60_000 });
    const first = await publishAlert(ctx, { topicIds: [urgenze] });
    await waitFor(
      () => alertStatus(first.alertId),
      (s) => s === 'SENT',
      20_000,
    );
    ctx.clock.advance(10_000);
    const again = await publishAlert(ctx, { topicIds: [urgenze] });
    const refused = await waitFor(
      () => deliveriesOf(again.alertId),
      (ds) => ds.length === 5 && ds.every((d) => d.status === 'QUEUED' && d.errorCode === 131056),
      20_000,
    );
    for (const d of refused) {
      expect(d.attempts).toBe(1);
      expect(d.errorDetail).toMatch(/pair rate limit hit/);
      // 4^1 s after the refusal, plus at most half a second of jitter.
      const wait = d.availableAt.getTime() - d.updatedAt.getTime();
      expect(wait).toBeGreaterThanOrEqual(4000);
      expect(wait).toBeLessThanOrEqual(4500);
    }
    expect(sim.stats().errorsByCode['131056']).toBe(5);

    // Other recipients go on at full rate meanwhile: the global rate is not slowed.
    const others = await publishAlert(ctx, { topicIds: [await topic('chiusura-strade')] });
    await waitFor(
      () => alertStatus(others.alertId),
      (s) => s === 'SENT',
      20_000,
    );
    const limiter = await ctx.pool.query<{ slow_factor: number; slow_until: Date | null }>(
      'SELECT slow_factor, slow_until FROM send_rate_limiter WHERE key = $1',
      [TEST_IDS.phoneNumberId],
    );
    expect(limiter.rows[0]?.slow_until ?? null).toBeNull();
    expect(await alertStatus(again.alertId)).toBe('SENDING');

    // Meta allows the pair again; once 4 s have passed the five go, on their second attempt.
    sim.setKnobs({ pairRateMs: null });
    ctx.clock.advance(4600);
    await waitFor(
      () => alertStatus(again.alertId),
      (s) => s === 'SENT',
      20_000,
    );
    const done = await deliveriesOf(again.alertId);
    expect(done.every((d) => d.attempts === 2 && d.errorCode === null && ['SENT', 'DELIVERED', 'READ'].includes(d.status))).toBe(true);
  });
});
