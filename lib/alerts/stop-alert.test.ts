import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDeliveries } from '../delivery/claim-deliveries';
import { getDeliveryProgress } from '../delivery/progress';
import { overWeeklyCapSql, WEEK_MS } from '../delivery/recipients';
import { publishAlert, statusCounts, waitFor } from '../delivery/testing/fixtures';
import { startSendHarness, type SendHarness } from '../delivery/testing/harness';
import { spawnWorker, type WorkerProcess } from '../delivery/testing/worker-process';
import { setSetting } from '../settings/store';
import { seedSubscribers, staffActor } from '../testing/fixtures';
import { isAppError } from '../errors';
import { cancelAlert } from './cancel-alert';

let h: SendHarness;
const children: WorkerProcess[] = [];

beforeAll(async () => {
  h = await startSendHarness({ realClock: true, messagesPerSecond: 100 });
});

afterAll(async () => {
  for (const w of children) w.kill('SIGKILL');
  await h.close();
});

const sentRows = (c: Record<string, number>) => (c.SENT ?? 0) + (c.DELIVERED ?? 0) + (c.READ ?? 0);

async function overCap(alertId: string): Promise<number> {
  const since = new Date(Date.now() - WEEK_MS);
  const [row] = await h.ctx.db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM (${overWeeklyCapSql({ cap: 1, since })}) c
     WHERE c.subscriber_id IN (SELECT subscriber_id FROM deliveries WHERE alert_id = ${alertId}::uuid)`;
  return Number(row?.n ?? 0);
}

describe('stopping an alert that is going out ("Ferma l\'invio")', () => {
  it('stops every worker within 2 s, cancels the rest, counts add up, releases the weekly cap, audits', async () => {
    const { ctx, sim } = h;
    await setSetting(ctx.db, 'messagesPerSecond', 100);
    await seedSubscribers(ctx, { count: 3000, start: 50_000, topicSlug: 'viabilita' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'viabilita' } })).id;
    const { alertId, recipients } = await publishAlert(ctx, { topicIds: [topic] });
    expect(recipients).toBe(3000);
    // Two workers, each with the production housekeeping tick (1 s): the stop must reach both.
    const a = await h.startEngine({ workerId: 'stop-a', housekeepingMs: 1000 });
    const b = await h.startEngine({ workerId: 'stop-b', housekeepingMs: 1000 });
    await waitFor(
      async () => sim.stats().acceptedSends,
      (n) => n >= 150,
      20_000,
      10,
    );
    // Before the stop every delivery sent counts toward its recipient's weekly cap.
    const editor = await staffActor(ctx, 'EDITOR');
    const r = await cancelAlert(ctx, { actor: editor, alertId, reason: 'testo sbagliato' });
    const stoppedAt = Date.now();
    expect(r).toMatchObject({ status: 'CANCELLED', stopped: true });
    expect(r.cancelledDeliveries).toBeGreaterThan(2000);

    // Within 2 s of the stop no message leaves any more.
    await new Promise((res) => setTimeout(res, Math.max(0, stoppedAt + 2000 - Date.now())));
    const atTwoSeconds = sim.stats().acceptedSends;
    await new Promise((res) => setTimeout(res, 1500));
    expect(sim.stats().acceptedSends).toBe(atTwoSeconds);
    expect(atTwoSeconds).toBeLessThan(3000);

    // Every claim was either sent or given back as CANCELLED: nothing queued, nothing in flight, no row both.
    await sim.webhooksIdle();
    const counts = await waitFor(
      () => statusCounts(ctx, alertId),
      (c) => (c.QUEUED ?? 0) === 0 && (c.SENDING ?? 0) === 0,
      5000,
    );
    expect(sentRows(counts)).toBe(sim.stats().acceptedSends);
    expect(counts.CANCELLED).toBe(3000 - sentRows(counts));
    expect(sim.stats().duplicateRecipientsCount).toBe(0);

    // The report and the progress say the same.
    const progress = await getDeliveryProgress(ctx, alertId);
    expect(progress).toMatchObject({ alertStatus: 'CANCELLED', total: 3000, done: true });
    expect(progress?.counts.cancelled).toBe(counts.CANCELLED);
    expect(progress!.counts.sent + progress!.counts.delivered + progress!.counts.read).toBe(sentRows(counts));

    // Weekly cap: only those who got it count (cap 1 in the window: exactly the ones sent).
    expect(await overCap(alertId)).toBe(sentRows(counts));

    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { target: alertId, action: 'alert_stop' } });
    expect(audit.actorId).toBe(editor.id);
    expect(audit.details).toMatchObject({ previousStatus: 'SENDING', cancelledDeliveries: r.cancelledDeliveries, reason: 'testo sbagliato' });
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(row.cancelledAt).not.toBeNull();
    // Stopped here: the next tests set statuses by hand, which running workers would act on.
    await a.stop();
    await b.stop();
  }, 60_000);

  it('stops two real worker processes (npm run worker) within 2 s', { timeout: 90_000 }, async () => {
    const { ctx, sim } = h;
    sim.reset();
    await setSetting(ctx.db, 'messagesPerSecond', 100);
    await seedSubscribers(ctx, { count: 3000, start: 80_000, topicSlug: 'urgenze' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'urgenze' } })).id;
    for (let i = 0; i < 2; i++) children.push(spawnWorker({ databaseUrl: ctx.databaseUrl, graphUrl: h.graphUrl, dataKey: h.dataKey }));
    await Promise.all(children.map((w) => w.ready));
    const { alertId } = await publishAlert(ctx, { topicIds: [topic], urgent: true });
    await waitFor(
      async () => sim.stats().acceptedSends,
      (n) => n >= 150,
      30_000,
      10,
    );
    const r = await cancelAlert(ctx, { actor: await staffActor(ctx, 'EDITOR'), alertId });
    const stoppedAt = Date.now();
    await new Promise((res) => setTimeout(res, Math.max(0, stoppedAt + 2000 - Date.now())));
    const atTwoSeconds = sim.stats().acceptedSends;
    await new Promise((res) => setTimeout(res, 1500));
    expect(sim.stats().acceptedSends).toBe(atTwoSeconds);
    await sim.webhooksIdle();
    const counts = await waitFor(
      () => statusCounts(ctx, alertId),
      (c) => (c.QUEUED ?? 0) === 0 && (c.SENDING ?? 0) === 0,
      10_000,
    );
    expect(sentRows(counts)).toBe(sim.stats().acceptedSends);
    expect(counts.CANCELLED).toBe(3000 - sentRows(counts));
    expect(counts.CANCELLED).toBeGreaterThanOrEqual(r.cancelledDeliveries);
    for (const w of children) w.kill('SIGTERM');
    await Promise.all(children.map((w) => w.exited));
  });

  it('stops a paused alert: its queue is cancelled and it can no longer be resumed', async () => {
    const { ctx } = h;
    await seedSubscribers(ctx, { count: 40, start: 60_000, topicSlug: 'urgenze' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'urgenze' } })).id;
    const { alertId, recipients } = await publishAlert(ctx, { topicIds: [topic] });
    await ctx.db.alert.update({ where: { id: alertId }, data: { status: 'PAUSED', pausedReason: 'Limite antispam di Meta' } });
    const editor = await staffActor(ctx, 'EDITOR');
    const r = await cancelAlert(ctx, { actor: editor, alertId });
    expect(r).toMatchObject({ stopped: true, cancelledDeliveries: recipients, inFlight: 0 });
    expect(await statusCounts(ctx, alertId)).toEqual({ CANCELLED: recipients });
    expect(await overCap(alertId)).toBe(0);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { target: alertId, action: 'alert_stop' } });
    expect(audit.details).toMatchObject({ previousStatus: 'PAUSED' });
  });

  it('refuses to stop an alert already sent or already stopped (conflict), changing nothing', async () => {
    const { ctx } = h;
    const { alertId } = await publishAlert(ctx, { topicIds: [] });
    await ctx.db.alert.update({ where: { id: alertId }, data: { status: 'SENT', completedAt: new Date() } });
    const editor = await staffActor(ctx, 'EDITOR');
    const err = await cancelAlert(ctx, { actor: editor, alertId }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('conflict');
    expect(isAppError(err) && err.details?.status).toBe('SENT');
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe('SENT');
    expect(await ctx.db.auditLog.count({ where: { target: alertId } })).toBe(0);

    await ctx.db.alert.update({ where: { id: alertId }, data: { status: 'PAUSED' } });
    await cancelAlert(ctx, { actor: editor, alertId });
    const again = await cancelAlert(ctx, { actor: editor, alertId }).catch((e: unknown) => e);
    expect(isAppError(again) && again.code).toBe('conflict');
    expect(await ctx.db.auditLog.count({ where: { target: alertId, action: 'alert_stop' } })).toBe(1);
  });

  it('a stop racing the claims of several workers leaves every delivery either claimed or cancelled, never both', async () => {
    const { ctx } = h;
    await seedSubscribers(ctx, { count: 2000, start: 70_000, topicSlug: 'chiusura-strade' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'chiusura-strade' } })).id;
    const { alertId, recipients } = await publishAlert(ctx, { topicIds: [topic] });
    const claimed = new Set<string>();
    let stopped = false;
    // Four "workers" claiming in a loop with the real claim statement, until the stop has committed and one more round found nothing.
    const worker = async (n: number) => {
      for (let round = 0; ; round++) {
        const wasStopped = stopped;
        const r = await claimDeliveries(ctx.pool, { want: 25, workerId: `race-${n}`, leaseMs: 60_000, dailyLimit: 'unlimited', now: new Date() });
        for (const c of r.claimed) if (c.alertId === alertId) claimed.add(c.id);
        if (wasStopped) return;
      }
    };
    const workers = [0, 1, 2, 3].map(worker);
    await new Promise((res) => setTimeout(res, 30));
    const editor = await staffActor(ctx, 'EDITOR');
    const r = await cancelAlert(ctx, { actor: editor, alertId });
    stopped = true;
    await Promise.all(workers);
    // Claims after the commit found nothing: the claimed set is final.
    const rows = await ctx.pool.query<{ id: string; status: string }>(`SELECT id::text, status::text FROM deliveries WHERE alert_id = $1::uuid`, [alertId]);
    const cancelled = rows.rows.filter((x) => x.status === 'CANCELLED');
    const leased = rows.rows.filter((x) => x.status === 'SENDING');
    expect(claimed.size).toBeGreaterThan(0);
    expect(r.cancelledDeliveries).toBeGreaterThan(0);
    expect(leased.map((x) => x.id).sort()).toEqual([...claimed].sort());
    expect(cancelled.every((x) => !claimed.has(x.id))).toBe(true);
    expect(cancelled.length).toBe(r.cancelledDeliveries);
    expect(cancelled.length + leased.length).toBe(recipients);
    expect(r.inFlight).toBe(claimed.size);
  });

  it('viewers cannot stop an alert', async () => {
    const { ctx } = h;
    const { alertId } = await publishAlert(ctx, { topicIds: [] });
    const viewer = await staffActor(ctx, 'VIEWER');
    const err = await cancelAlert(ctx, { actor: viewer, alertId }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('forbidden');
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } })).status).toBe('SENDING');
  });
});
