import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { seedSubscribers } from '../testing/fixtures';

/**
 * Deliveries reference alerts and subscribers through statement-level triggers instead of foreign
 * keys (migration 20261129210000_deliveries_statement_references). These tests hold them to what
 * the foreign keys guaranteed: no delivery without its alert and subscriber, cascades on delete,
 * no orphaning update, and the row locks that make a concurrent delete wait and then cascade.
 */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(async () => {
  await ctx.close();
});

const newAlert = async () => (await ctx.db.alert.create({ data: { title: 't', body: 'b', urgency: 'URGENT', status: 'SENDING', publishedAt: ctx.now() } })).id;
const insert = (alertId: string, subscriberIds: string[]) =>
  ctx.pool.query('INSERT INTO deliveries (alert_id, subscriber_id) SELECT $1::uuid, unnest($2::uuid[])', [alertId, subscriberIds]);
const countFor = async (column: 'alert_id' | 'subscriber_id', id: string) =>
  Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM deliveries WHERE ${column} = $1::uuid`, [id])).rows[0]!.n);

describe('deliveries → alerts and subscribers', () => {
  it('accepts rows whose alert and subscribers exist, in one statement for many rows', async () => {
    const ids = await seedSubscribers(ctx, { count: 50, start: 1000 });
    const alertId = await newAlert();
    await insert(alertId, ids);
    expect(await countFor('alert_id', alertId)).toBe(50);
  });

  it('refuses a whole statement when one subscriber does not exist, and names it', async () => {
    const ids = await seedSubscribers(ctx, { count: 3, start: 2000 });
    const alertId = await newAlert();
    const ghost = randomUUID();
    await expect(insert(alertId, [...ids, ghost])).rejects.toMatchObject({
      code: '23503',
      detail: `Key (subscriber_id)=(${ghost}) is not present in table "subscribers".`,
    });
    expect(await countFor('alert_id', alertId)).toBe(0);
  });

  it('refuses rows of an alert that does not exist', async () => {
    const [id] = await seedSubscribers(ctx, { count: 1, start: 3000 });
    const ghost = randomUUID();
    await expect(insert(ghost, [id!])).rejects.toMatchObject({ code: '23503', detail: `Key (alert_id)=(${ghost}) is not present in table "alerts".` });
    expect(await countFor('subscriber_id', id!)).toBe(0);
  });

  it('also checks rows written through Prisma', async () => {
    const alertId = await newAlert();
    await expect(ctx.db.delivery.create({ data: { alertId, subscriberId: randomUUID() } })).rejects.toMatchObject({ code: 'P2003' });
  });

  it('deletes the deliveries of a deleted subscriber or alert, and only theirs', async () => {
    const ids = await seedSubscribers(ctx, { count: 4, start: 4000 });
    const a1 = await newAlert();
    const a2 = await newAlert();
    await insert(a1, ids);
    await insert(a2, ids);
    await ctx.db.subscriber.deleteMany({ where: { id: { in: [ids[0]!, ids[1]!] } } });
    expect(await countFor('subscriber_id', ids[0]!)).toBe(0);
    expect(await countFor('subscriber_id', ids[1]!)).toBe(0);
    expect(await countFor('alert_id', a1)).toBe(2);
    await ctx.db.alert.delete({ where: { id: a1 } });
    expect(await countFor('alert_id', a1)).toBe(0);
    expect(await countFor('alert_id', a2)).toBe(2);
  });

  it('never lets a reference change or be orphaned by an id change', async () => {
    const [s1, s2] = await seedSubscribers(ctx, { count: 2, start: 5000 });
    const alertId = await newAlert();
    await insert(alertId, [s1!]);
    await expect(ctx.pool.query('UPDATE deliveries SET subscriber_id = $1 WHERE alert_id = $2', [s2, alertId])).rejects.toMatchObject({ code: '23001' });
    await expect(ctx.pool.query('UPDATE deliveries SET alert_id = $1 WHERE alert_id = $2', [await newAlert(), alertId])).rejects.toMatchObject({
      code: '23001',
    });
    await expect(ctx.pool.query('UPDATE subscribers SET id = $1 WHERE id = $2', [randomUUID(), s1])).rejects.toMatchObject({ code: '23503' });
    await expect(ctx.pool.query('UPDATE alerts SET id = $1 WHERE id = $2', [randomUUID(), alertId])).rejects.toMatchObject({ code: '23503' });
    // Updates that keep the references (every sender update) pass; an id with no deliveries may change.
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENDING', subscriber_id = subscriber_id WHERE alert_id = $1`, [alertId]);
    await ctx.pool.query('UPDATE subscribers SET id = $1 WHERE id = $2', [randomUUID(), s2]);
  });

  it('makes a concurrent delete of a subscriber wait for the inserting transaction, then cascade to its rows', async () => {
    const [id] = await seedSubscribers(ctx, { count: 1, start: 6000 });
    const alertId = await newAlert();
    const publisher = await ctx.pool.connect();
    const eraser = await ctx.pool.connect();
    try {
      await publisher.query('BEGIN');
      await publisher.query('INSERT INTO deliveries (alert_id, subscriber_id) VALUES ($1, $2)', [alertId, id]);
      const pid = (await eraser.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      let deleted = false;
      const erasing = eraser.query('DELETE FROM subscribers WHERE id = $1', [id]).then(() => (deleted = true));
      // The DELETE is blocked on the lock the insert's check took on the subscriber row.
      for (let i = 0; i < 100; i++) {
        const { rows } = await ctx.pool.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
        if (rows[0]?.wait === 'Lock') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const { rows } = await ctx.pool.query<{ wait: string | null }>('SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1', [pid]);
      expect(rows[0]?.wait).toBe('Lock');
      expect(deleted).toBe(false);
      await publisher.query('COMMIT');
      await erasing;
      expect(await countFor('subscriber_id', id!)).toBe(0);
    } finally {
      publisher.release();
      eraser.release();
    }
  });

  it('refuses an insert whose subscriber was deleted by a transaction that committed first', async () => {
    const [id] = await seedSubscribers(ctx, { count: 1, start: 7000 });
    const alertId = await newAlert();
    const eraser = await ctx.pool.connect();
    try {
      await eraser.query('BEGIN');
      await eraser.query('DELETE FROM subscribers WHERE id = $1', [id]);
      // Turned into a value at once: the refusal can arrive while the COMMIT below is still awaited.
      const inserting = insert(alertId, [id!]).then(
        () => null,
        (e: unknown) => e,
      );
      await new Promise((r) => setTimeout(r, 100));
      await eraser.query('COMMIT');
      expect(await inserting).toMatchObject({ code: '23503' });
    } finally {
      eraser.release();
    }
    expect(await countFor('alert_id', alertId)).toBe(0);
  });
});
