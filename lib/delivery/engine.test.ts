import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../settings/store';
import { resumeAlert } from './pause-alert';
import { getDeliveryProgress } from './progress';
import { publishAlert, statusCounts, waitFor } from './testing/fixtures';
import { seedSubscribers, testNumber } from '../testing/fixtures';
import { startSendHarness, type SendHarness } from './testing/harness';

let h: SendHarness;

beforeAll(async () => {
  h = await startSendHarness({ realClock: true, messagesPerSecond: 500 });
});

afterAll(async () => {
  await h.close();
});

describe('sending an alert', () => {
  it('reaches exactly the recipients of its topics once, records statuses and finishes the alert', async () => {
    const { ctx } = h;
    const road = await seedSubscribers(ctx, { count: 300, topicSlug: 'viabilita' });
    await seedSubscribers(ctx, { count: 50, start: 1000, topicSlug: 'urgenze' });
    // Not on WhatsApp (flagged earlier), unsubscribed after publishing: neither receives it.
    await ctx.pool.query('UPDATE subscribers SET undeliverable_at = now() WHERE id = $1', [road[0]]);
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'viabilita' } })).id;
    const { alertId, recipients } = await publishAlert(ctx, { topicIds: [topic] });
    expect(recipients).toBe(299);
    await ctx.pool.query(`UPDATE subscribers SET status = 'UNSUBSCRIBED', phone_enc = NULL WHERE id = $1`, [road[1]]);

    const engine = await h.startEngine();
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    await engine.stop();
    await h.sim.webhooksIdle();
    const counts = await waitFor(
      () => statusCounts(ctx, alertId),
      (c) => (c.READ ?? 0) === 298,
      10_000,
    );
    expect(counts).toEqual({ READ: 298, SKIPPED: 1 });

    const stats = h.sim.stats();
    expect(stats.acceptedSends).toBe(298);
    expect(stats.distinctRecipients).toBe(298);
    expect(stats.duplicateRecipientsCount).toBe(0);
    expect(h.sim.messagesFor(testNumber(1000).slice(1))).toEqual([]);

    const progress = await getDeliveryProgress(ctx, alertId);
    expect(progress).toMatchObject({ alertStatus: 'SENT', total: 299, done: true, waiting: null });
    expect(progress?.counts).toMatchObject({ read: 298, skipped: 1, queued: 0, sending: 0 });
    expect(progress?.skipped).toEqual([{ reason: 'subscriber_inactive', label: 'Non più iscritto al momento dell’invio', count: 1 }]);
    const row = await ctx.db.delivery.findFirstOrThrow({ where: { alertId, status: 'READ' } });
    // The simulator speaks real wamids; we store only their keyed HMAC.
    expect(row.wamidHmac).toMatch(/^[0-9a-f]{64}$/);
    expect(row.sentAt).not.toBeNull();
    expect(row.deliveredAt).not.toBeNull();
    expect(row.readAt).not.toBeNull();
  });

  it('stops gracefully: finishes what is in flight, gives back the rest at once, loses and repeats nothing', async () => {
    const { ctx, sim } = h;
    sim.reset();
    await setSetting(ctx.db, 'messagesPerSecond', 100);
    await seedSubscribers(ctx, { count: 400, start: 20_000, topicSlug: 'chiusura-strade' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'chiusura-strade' } })).id;
    const { alertId } = await publishAlert(ctx, { topicIds: [topic] });
    const first = await h.startEngine({ workerId: 'graceful-1' });
    await waitFor(
      async () => sim.stats().acceptedSends,
      (n) => n >= 100,
      20_000,
      10,
    );
    await first.stop();
    const stopped = sim.stats().acceptedSends;
    const c = await statusCounts(ctx, alertId);
    // Every request that went out has its result stored; nothing is left leased to the stopped worker.
    expect((c.SENT ?? 0) + (c.DELIVERED ?? 0) + (c.READ ?? 0)).toBe(stopped);
    expect(c.SENDING ?? 0).toBe(0);
    expect(c.QUEUED).toBe(400 - stopped);

    const second = await h.startEngine({ workerId: 'graceful-2' });
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    // Stopped here, not at the end of the file: a fault-free engine left running would take the next test's sends.
    await second.stop();
    expect(sim.stats().distinctRecipients).toBe(400);
    expect(sim.stats().duplicateRecipientsCount).toBe(0);
  });

  it('pauses the alert on 131048 and tells the admins; flags 131026 numbers; resumes on request', async () => {
    const { ctx, sim } = h;
    sim.reset();
    // 100/s: the promise below is "within a second", i.e. at most ~100 more sends after the pause
    // (at 500/s the bound was 0.2 s, which a loaded CI machine does not always meet).
    await setSetting(ctx.db, 'messagesPerSecond', 100);
    const ids = await seedSubscribers(ctx, { count: 200, start: 30_000, topicSlug: 'urgenze' });
    const topic = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'urgenze' } })).id;
    await ctx.pool.query(`UPDATE subscribers SET status = 'UNSUBSCRIBED' WHERE id <> ALL($1::uuid[]) AND status = 'ACTIVE'`, [ids]);
    const { alertId } = await publishAlert(ctx, { topicIds: [topic] });
    const notOnWhatsApp = testNumber(30_003);
    let calls = 0;
    const metaError = (code: number, status: number) =>
      new Response(JSON.stringify({ error: { message: `error ${code}`, type: 'OAuthException', code, error_data: { details: 'details' }, fbtrace_id: 'x' } }), {
        status,
      });
    const faulty: typeof fetch = async (url, init) => {
      const to = (JSON.parse(String(init?.body)) as { to: string }).to;
      if (to === notOnWhatsApp) return metaError(131026, 400);
      if (++calls === 50) return metaError(131048, 400);
      return h.fetch(url, init);
    };
    const engine = await h.startEngine({ workerId: 'pause-1' }, h.graph(5000, faulty));
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'PAUSED',
      20_000,
      50,
    );
    await waitFor(
      () => statusCounts(ctx, alertId),
      (c) => (c.SENDING ?? 0) === 0,
      20_000,
      50,
    );
    const paused = await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(paused.pausedReason).toMatch(/spam \(errore 131048\)/);
    expect(await ctx.db.auditLog.count({ where: { action: 'alert_pause', target: alertId } })).toBe(1);
    const progress = await getDeliveryProgress(ctx, alertId);
    expect(progress?.pausedReason).toBe(paused.pausedReason);
    // Within a second every worker stops sending it: most of the alert is still queued.
    expect(progress?.counts.queued).toBeGreaterThan(50);
    const frozen = sim.stats().acceptedSends;
    await new Promise((r) => setTimeout(r, 500));
    expect(sim.stats().acceptedSends).toBe(frozen);

    const admin = { kind: 'staff' as const, id: '00000000-0000-4000-8000-000000000001', email: 'a@comune.it', name: 'A', role: 'ADMIN' as const };
    expect(await resumeAlert(ctx, { actor: admin, alertId })).toBe(true);
    await waitFor(
      () => ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } }),
      (a) => a.status === 'SENT',
      20_000,
    );
    await engine.stop();
    const c = await statusCounts(ctx, alertId);
    expect(c.FAILED).toBe(1);
    const failed = await ctx.db.delivery.findFirstOrThrow({ where: { alertId, status: 'FAILED' } });
    expect(failed.errorCode).toBe(131026);
    expect((await ctx.db.subscriber.findUniqueOrThrow({ where: { id: failed.subscriberId } })).undeliverableAt).not.toBeNull();
    expect(sim.stats().distinctRecipients).toBe(199);
    expect(sim.stats().duplicateRecipientsCount).toBe(0);
    expect((await getDeliveryProgress(ctx, alertId))?.failures).toEqual([{ code: 131026, label: 'Numero non raggiungibile su WhatsApp', count: 1 }]);
  });
});
