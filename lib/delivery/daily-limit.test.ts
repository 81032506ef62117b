import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../settings/store';
import { getDeliveryProgress } from './progress';
import { publishAlert, statusCounts, waitFor } from './testing/fixtures';
import { seedSubscribers, staffActor } from '../testing/fixtures';
import { listNotices } from '../notifications/list-notices';
import { startSendHarness, type SendHarness } from './testing/harness';
import { dailyLimitNotifier } from './daily-limit-notice';

/**
 * Meta's messaging limit (unique people reached outside the 24-hour window per rolling 24 h) set
 * to 250, with the test's clock: what fits goes (urgent first), the rest waits with a clear state
 * and goes when the window has moved on.
 */
let h: SendHarness;
const sent = (c: Record<string, number>) => (c.SENT ?? 0) + (c.DELIVERED ?? 0) + (c.READ ?? 0);

beforeAll(async () => {
  h = await startSendHarness({ messagesPerSecond: 500 });
  await setSetting(h.ctx.db, 'dailyRecipientLimit', 250);
});

afterAll(async () => {
  await h.close();
});

describe('the daily messaging limit', () => {
  it('sends what the limit allows, urgent alerts first, and resumes when the rolling window allows', async () => {
    const { ctx } = h;
    const admin = await staffActor(ctx, 'ADMIN');
    const editor = await staffActor(ctx, 'EDITOR');
    const topic = async (slug: string) => (await ctx.db.topic.findUniqueOrThrow({ where: { slug } })).id;
    await seedSubscribers(ctx, { count: 400, topicSlug: 'viabilita' });
    // Wrote to us an hour ago: inside the customer service window, they do not count.
    await seedSubscribers(ctx, { count: 20, start: 5000, topicSlug: 'viabilita', lastInboundAt: new Date(ctx.now().getTime() - 3600_000) });
    await seedSubscribers(ctx, { count: 100, start: 9000, topicSlug: 'urgenze' });
    const normal = await publishAlert(ctx, { topicIds: [await topic('viabilita')] });
    const urgent = await publishAlert(ctx, { urgent: true, topicIds: [await topic('urgenze')] });
    expect(normal.recipients).toBe(420);

    await h.startEngine();
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: urgent.alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    const first = await waitFor(
      () => statusCounts(ctx, normal.alertId),
      (c) => sent(c) === 170 && (c.SENDING ?? 0) === 0,
      20_000,
    );
    // 100 urgent + 150 normal = the 250 allowed; the 20 inside the window were free.
    expect(first.QUEUED).toBe(250);
    expect(h.sim.stats().acceptedSends).toBe(270);

    const progress = await getDeliveryProgress(ctx, normal.alertId);
    expect(progress?.alertStatus).toBe('SENDING');
    expect(progress?.waiting).toMatchObject({ reason: 'daily_limit', count: 250 });
    expect(progress?.waiting?.resumeAt?.toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(progress?.waiting?.message).toBe(
      'In attesa del limite giornaliero di WhatsApp: 250 messaggi restanti, ripresa prevista alle 11:00 del 30 novembre.',
    );

    // Staff are told once (issue 12): admins, and the author of a waiting alert (none here: API-made).
    const notices = (await listNotices(ctx, { actor: admin })).notices.filter((n) => n.kind === 'daily_limit');
    expect(notices).toMatchObject([{ title: 'Raggiunto il limite giornaliero di invii', link: `/dashboard/avvisi/${normal.alertId}` }]);
    expect((await listNotices(ctx, { actor: editor })).notices).toHaveLength(0);

    // People already reached today cost nothing: a second alert to them goes at once.
    ctx.clock.advance(10_000);
    const again = await publishAlert(ctx, { topicIds: [await topic('urgenze')] });
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: again.alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    expect(sent(await statusCounts(ctx, again.alertId))).toBe(100);
    expect((await statusCounts(ctx, normal.alertId)).QUEUED).toBe(250);

    // A day later the window has rolled on: the rest goes out and the alert completes.
    ctx.clock.advance(24 * 3600_000);
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: normal.alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    expect(sent(await statusCounts(ctx, normal.alertId))).toBe(420);
    expect(h.sim.stats().distinctRecipients).toBe(520);
    expect((await getDeliveryProgress(ctx, normal.alertId))?.waiting).toBeNull();
    // Still one notice for the first day (many claims waited); the next day had no wait.
    expect((await listNotices(ctx, { actor: admin })).notices.filter((n) => n.kind === 'daily_limit')).toHaveLength(1);
  });

  it('the engine asks once per alert and day, not at every claim that waits', async () => {
    const { ctx } = h;
    const editor = await staffActor(ctx, 'EDITOR');
    const first = await ctx.db.alert.create({ data: { title: 'Prima', body: 'Testo', createdById: editor.id } });
    const second = await ctx.db.alert.create({ data: { title: 'Seconda', body: 'Testo', createdById: editor.id } });
    const notify = dailyLimitNotifier(ctx);
    const mine = async () => (await listNotices(ctx, { actor: editor })).notices.filter((n) => n.kind === 'daily_limit');

    expect(await notify({ alertIds: [first.id], limit: 250 })).toBeGreaterThan(0);
    expect(await mine()).toHaveLength(1);
    // Removed behind its back: a repeat for the same alert that day does not go to the database.
    await ctx.db.staffNotice.deleteMany({ where: { userId: editor.id } });
    expect(await notify({ alertIds: [first.id], limit: 250 })).toBe(0);
    expect(await mine()).toHaveLength(0);
    // An alert that starts waiting later that day is still reported.
    expect(await notify({ alertIds: [first.id, second.id], limit: 250 })).toBeGreaterThan(0);
    expect(await mine()).toHaveLength(1);
    // The next Rome day starts afresh.
    ctx.clock.advance(24 * 3600_000);
    expect(await notify({ alertIds: [first.id], limit: 250 })).toBeGreaterThan(0);
  });
});
