import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createDeliveries } from './create-deliveries';
import { seedSubscribers } from '../testing/fixtures';

let ctx: TestContext;
let ids: string[];
let road: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ids = await seedSubscribers(ctx, { count: 10, topicSlug: 'viabilita' });
  await seedSubscribers(ctx, { count: 5, start: 100, topicSlug: 'urgenze' });
  road = (await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'viabilita' } })).id;
});

afterAll(async () => {
  await ctx.close();
});

const newAlert = (urgency: 'NORMAL' | 'URGENT' = 'NORMAL') =>
  ctx.db.alert.create({ data: { title: 't', body: 'b', urgency, status: 'SENDING', publishedAt: ctx.now() } });

describe('createDeliveries', () => {
  it('queues one delivery per active recipient of the topics, once, and wakes the workers', async () => {
    await ctx.pool.query(`UPDATE subscribers SET status = 'UNSUBSCRIBED', phone_enc = NULL WHERE id = $1`, [ids[0]]);
    await ctx.pool.query('UPDATE subscribers SET undeliverable_at = now() WHERE id = $1', [ids[1]]);
    const alert = await newAlert();
    const listener = await ctx.pool.connect();
    const woken = new Promise<void>((resolve) => listener.once('notification', () => resolve()));
    await listener.query('LISTEN banditore_delivery');
    const n = await ctx.db.$transaction((tx) =>
      createDeliveries(tx, { alertId: alert.id, topicIds: [road], priority: 1, skipSubscriberIds: [ids[2]!], now: ctx.now() }),
    );
    expect(n).toBe(7);
    await woken;
    listener.release();
    // Replaying the publication inserts nothing.
    expect(await ctx.db.$transaction((tx) => createDeliveries(tx, { alertId: alert.id, topicIds: [road], priority: 1, skipSubscriberIds: [ids[2]!] }))).toBe(0);
    const rows = await ctx.db.delivery.findMany({ where: { alertId: alert.id } });
    expect(rows.every((r) => r.status === 'QUEUED' && r.priority === 1 && r.availableAt.getTime() === ctx.now().getTime())).toBe(true);
  });

  it('sends to everyone active when topicIds is null, urgent first', async () => {
    const alert = await newAlert('URGENT');
    expect(await ctx.db.$transaction((tx) => createDeliveries(tx, { alertId: alert.id, topicIds: null, priority: 0 }))).toBe(13);
    expect(await ctx.db.delivery.count({ where: { alertId: alert.id, priority: 0 } })).toBe(13);
  });

  it('leaves out who already had the weekly cap of normal alerts', async () => {
    const alert = await newAlert();
    const n = await ctx.db.$transaction((tx) =>
      createDeliveries(tx, {
        alertId: alert.id,
        topicIds: [road],
        priority: 1,
        excludeOverWeeklyCap: { cap: 1, since: new Date(ctx.now().getTime() - 7 * 86_400_000) },
      }),
    );
    // The 7 from the first alert already had one normal alert this week; ids[2] was skipped then.
    expect(n).toBe(1);
  });
});
