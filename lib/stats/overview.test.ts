import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../testing/fixtures';
import { isAppError } from '../errors';
import { loadSettings } from '../settings/store';
import { toggleTopic } from '../subscriptions/subscriber-changes';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getDailySeries } from './get-daily-series';
import { getStatsOverview, type StatsOverview } from './get-stats-overview';
import { join, leave, pendingRequest, sendAlert } from './test-support';

/**
 * A small hand-made history, every step at a chosen instant of the test clock, and the figures the
 * overview must show for it. Days are Europe/Rome days (UTC+1 in November).
 */
let ctx: TestContext;
let overview: StatsOverview;
let viewer: Awaited<ReturnType<typeof staffActor>>;
const NOW = '2026-11-29T10:00:00Z';
const P = { a: '+393330000001', b: '+393330000002', c: '+393330000003', d: '+393330000004', e: '+393330000005', f: '+393330000006', g: '+393330000007' };

beforeAll(async () => {
  ctx = await createTestContext();
  viewer = await staffActor(ctx, 'VIEWER');
  await join(ctx, P.g, { at: '2026-10-20T10:00:00Z' });
  await leave(ctx, P.g, { at: '2026-11-20T10:00:00Z' });
  const a = await join(ctx, P.a, { at: '2026-11-25T09:00:00Z' });
  await join(ctx, P.b, { at: '2026-11-25T09:01:00Z' });
  const c = await join(ctx, P.c, { at: '2026-11-25T09:02:00Z' });
  await leave(ctx, P.b, { at: '2026-11-27T12:00:00Z' });
  const d = await join(ctx, P.d, { at: '2026-11-28T22:59:59Z', channel: 'WEB' }); // 23:59:59 in Rome, still the 28th
  const e = await join(ctx, P.e, { at: '2026-11-28T23:00:00Z' }); // midnight in Rome: the 29th
  await leave(ctx, P.a, { at: '2026-11-29T09:00:00Z' });
  ctx.clock.set(NOW);
  await pendingRequest(ctx, P.f);
  const settings = await loadSettings(ctx.db);
  await ctx.db.$transaction(async (tx) => toggleTopic(ctx, tx, await tx.subscriber.findUniqueOrThrow({ where: { id: e.id } }), 'urgenze', settings));
  await sendAlert(ctx, [c.id, d.id, e.id], ['2026-11-28T08:00:00Z', '2026-11-29T08:00:00Z', '2026-11-20T08:00:00Z']);
  expect(a.id).toBeTruthy();
  overview = await getStatsOverview(ctx, { actor: viewer, now: new Date(NOW), days: 90 });
});
afterAll(async () => ctx.close());

const day = (o: StatsOverview, date: string) => o.series.find((p) => p.date === date);

describe('getStatsOverview', () => {
  it('counts subscribers by status', () => {
    expect(overview.today).toBe('2026-11-29');
    expect(overview.subscribers).toEqual({ active: 3, pending: 1, unsubscribed: 3, total: 7 });
  });

  it('counts opt-ins and opt-outs today, in 7 and in 30 Rome days', () => {
    expect(overview.optIns).toEqual({ today: 1, last7Days: 5, last30Days: 5 });
    expect(overview.optOuts).toEqual({ today: 1, last7Days: 2, last30Days: 3 });
  });

  it('draws the per-day series with the active count at the end of each day', () => {
    expect(overview.series).toHaveLength(90);
    expect(overview.series.at(-1)?.date).toBe('2026-11-29');
    expect(overview.series[0]?.date).toBe('2026-09-01');
    const pick = (d: string) => {
      const p = day(overview, d)!;
      return [p.optIns, p.optOuts, p.active, p.messagesSent];
    };
    expect(pick('2026-10-19')).toEqual([0, 0, 0, 0]);
    expect(pick('2026-10-20')).toEqual([1, 0, 1, 0]);
    expect(pick('2026-11-19')).toEqual([0, 0, 1, 0]);
    expect(pick('2026-11-20')).toEqual([0, 1, 0, 1]);
    expect(pick('2026-11-25')).toEqual([3, 0, 3, 0]);
    expect(pick('2026-11-26')).toEqual([0, 0, 3, 0]);
    expect(pick('2026-11-27')).toEqual([0, 1, 2, 0]);
    expect(pick('2026-11-28')).toEqual([1, 0, 3, 1]);
    expect(pick('2026-11-29')).toEqual([1, 1, 3, 1]);
  });

  it('breaks active subscribers down by topic and by source', () => {
    expect(overview.topics.map((t) => [t.slug, t.subscribers])).toEqual([
      ['viabilita', 3],
      ['chiusura-strade', 3],
      ['urgenze', 2],
    ]);
    expect(overview.sources).toEqual([
      { source: 'WEB', subscribers: 1 },
      { source: 'WHATSAPP', subscribers: 2 },
      { source: 'IMPORT', subscribers: 0 },
    ]);
  });

  it('counts messages sent in the last 7 days, and per active subscriber', () => {
    expect(overview.messages).toEqual({ last7Days: 2, perSubscriber: 0.67 });
  });

  it('includes the launch progress', () => {
    expect(overview.launch).toMatchObject({ activeSubscribers: 3, threshold: 500, percent: 0, reached: false, canLaunch: false });
  });

  it('gives the last 30 days by default, and moves with the clock', async () => {
    ctx.clock.set('2026-11-30T10:00:00Z');
    const next = await getStatsOverview(ctx, { actor: viewer });
    expect(next.series).toHaveLength(30);
    expect(next.today).toBe('2026-11-30');
    expect(next.optIns.today).toBe(0);
    expect(next.optIns.last7Days).toBe(5);
    ctx.clock.set(NOW);
  });

  it('refuses without a staff member', async () => {
    const e = await getStatsOverview(ctx, { actor: null as never }).catch((x: unknown) => x);
    expect(isAppError(e) && e.code).toBe('unauthenticated');
  });
});

describe('getDailySeries (the REST API)', () => {
  it('gives per-day figures and the totals', async () => {
    const s = await getDailySeries(ctx, { from: '2026-11-27', to: '2026-11-29' });
    expect(s.totals).toEqual({ active: 3, pending: 1, unsubscribed: 3 });
    expect(s.days).toEqual([
      { date: '2026-11-27', optIns: 0, optOuts: 1, active: 2, messagesSent: 0 },
      { date: '2026-11-28', optIns: 1, optOuts: 0, active: 3, messagesSent: 1 },
      { date: '2026-11-29', optIns: 1, optOuts: 1, active: 3, messagesSent: 1 },
    ]);
  });

  it('stops at today and refuses a reversed or too long range', async () => {
    const s = await getDailySeries(ctx, { from: '2026-11-28', to: '2026-12-31' });
    expect([s.to, s.days.length]).toEqual(['2026-11-29', 2]);
    for (const bad of [
      { from: '2026-11-29', to: '2026-11-01' },
      { from: '2024-01-01', to: '2026-11-29' },
      { from: '2026-02-30', to: '2026-03-01' },
    ]) {
      const e = await getDailySeries(ctx, bad).catch((x: unknown) => x);
      expect(isAppError(e) && e.code).toBe('invalid_input');
    }
  });
});
