import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { COMPACT_AFTER_ROWS, compactDeliveryCounts, getDeliveryProgress, rebuildDeliveryCounts } from './progress';
import { publishAlert } from './testing/fixtures';
import { seedSubscribers } from '../testing/fixtures';

/**
 * The progress bar reads a rollup (delivery_count_deltas) that statement triggers on deliveries
 * keep. After every kind of change the sender and the status webhooks make, the rollup must equal
 * a direct count of the rows, also while folds run concurrently with the writers.
 */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(async () => {
  await ctx.close();
});

type Key = string;
const key = (status: string, reason: string | null, code: number | null): Key => `${status}|${reason ?? ''}|${code ?? ''}`;

/** The same keys counted straight from deliveries (what the progress query did before the rollup). */
async function direct(alertId: string): Promise<Map<Key, number>> {
  const { rows } = await ctx.pool.query<{ status: string; reason: string | null; code: number | null; n: number }>(
    `SELECT status::text, CASE WHEN status = 'SKIPPED' OR (status = 'QUEUED' AND error_detail = 'daily_limit') THEN error_detail END AS reason,
            CASE WHEN status = 'FAILED' THEN error_code END AS code, count(*)::int AS n
       FROM deliveries WHERE alert_id = $1::uuid GROUP BY 1, 2, 3`,
    [alertId],
  );
  return new Map(rows.map((r) => [key(r.status, r.reason, r.code), r.n]));
}

async function rollup(alertId: string): Promise<Map<Key, number>> {
  const { rows } = await ctx.pool.query<{ status: string; reason: string | null; code: number | null; n: number }>(
    `SELECT status::text, reason, code, sum(delta)::int AS n FROM delivery_count_deltas WHERE alert_id = $1::uuid GROUP BY 1, 2, 3 HAVING sum(delta) <> 0`,
    [alertId],
  );
  return new Map(rows.map((r) => [key(r.status, r.reason, r.code), r.n]));
}

/** Each test sends to subscribers of a topic of its own. */
async function audience(count: number, start: number): Promise<{ ids: string[]; topic: string }> {
  const slug = `prova-${start}`;
  const topic = (await ctx.db.topic.create({ data: { slug, name: `Prova ${start}` } })).id;
  return { ids: await seedSubscribers(ctx, { count, start, topicSlug: slug }), topic };
}

const rowsOf = async (alertId: string) =>
  Number((await ctx.pool.query<{ n: string }>('SELECT count(*) AS n FROM delivery_count_deltas WHERE alert_id = $1', [alertId])).rows[0]!.n);

describe('delivery counts rollup', () => {
  it('follows every change the sender and the status webhooks make, and the progress reads it', async () => {
    const { ids, topic } = await audience(40, 10_000);
    const { alertId, recipients } = await publishAlert(ctx, { urgent: true, topicIds: [topic] });
    expect(recipients).toBe(40);
    expect(await rollup(alertId)).toEqual(new Map([[key('QUEUED', null, null), 40]]));
    const sql = (text: string, ...params: unknown[]) => ctx.pool.query(text, [alertId, ...params]);
    const some = (from: number, to: number) => ids.slice(from, to);
    // claims, a renewed lease (status unchanged), results, daily-limit hold, skips, failures, statuses
    await sql(`UPDATE deliveries SET status = 'SENDING', claimed_by = 'w1' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`, some(0, 30));
    await sql(`UPDATE deliveries SET locked_until = now() WHERE alert_id = $1 AND status = 'SENDING'`);
    await sql(
      `UPDATE deliveries SET status = 'SENT', sent_at = now(), wamid_hmac = md5('wamid.P' || id) WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`,
      some(0, 20),
    );
    await sql(`UPDATE deliveries SET status = 'QUEUED', error_detail = 'daily_limit' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`, some(30, 35));
    await sql(
      `UPDATE deliveries SET status = 'SKIPPED', error_detail = 'subscriber_inactive' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`,
      some(35, 37),
    );
    await sql(`UPDATE deliveries SET status = 'SKIPPED', error_detail = 'no_number' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`, some(37, 38));
    await sql(`UPDATE deliveries SET status = 'FAILED', error_code = 131026 WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`, some(20, 23));
    await sql(
      `UPDATE deliveries SET status = 'FAILED', error_code = NULL, error_detail = 'timeout' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`,
      some(23, 24),
    );
    await sql(`UPDATE deliveries SET status = 'DELIVERED' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`, some(0, 12));
    await sql(`UPDATE deliveries SET status = 'READ' WHERE alert_id = $1 AND subscriber_id = ANY($2::uuid[])`, some(0, 5));
    // An erased subscriber takes their delivery along (the cascade), and the count follows.
    await ctx.db.subscriber.delete({ where: { id: ids[39]! } });

    const expected = await direct(alertId);
    expect(await rollup(alertId)).toEqual(expected);
    expect(expected.get(key('QUEUED', 'daily_limit', null))).toBe(5);

    const p = await getDeliveryProgress(ctx, alertId);
    expect(p?.counts).toEqual({ queued: 6, sending: 6, sent: 8, delivered: 7, read: 5, failed: 4, skipped: 3, cancelled: 0 });
    expect(p?.total).toBe(39);
    expect(p?.failures).toEqual([
      { code: 131026, label: 'Numero non raggiungibile su WhatsApp', count: 3 },
      { code: null, label: 'Errore di rete o sconosciuto', count: 1 },
    ]);
    expect(p?.skipped).toEqual([
      { reason: 'subscriber_inactive', label: 'Non più iscritto al momento dell’invio', count: 2 },
      { reason: 'no_number', label: 'Numero cancellato', count: 1 },
    ]);
    expect(p?.waiting?.count).toBe(5);
    expect(p?.done).toBe(false);

    // A rebuild from the table finds what the triggers kept.
    await rebuildDeliveryCounts(ctx.pool);
    expect(await rollup(alertId)).toEqual(expected);
  });

  it('folds an alert’s rows into one per key when a read finds many, and keeps every count', async () => {
    const { ids, topic } = await audience(30, 11_000);
    const { alertId } = await publishAlert(ctx, { urgent: true, topicIds: [topic] });
    // One statement per delivery and status, as a slow trickle of webhooks would write them.
    for (let round = 0; round < 4; round++) {
      const status = ['SENDING', 'SENT', 'DELIVERED', 'READ'][round]!;
      for (const id of ids)
        await ctx.pool.query(`UPDATE deliveries SET status = $3::"DeliveryStatus" WHERE alert_id = $1 AND subscriber_id = $2`, [alertId, id, status]);
    }
    const before = await rowsOf(alertId);
    expect(before).toBeGreaterThan(COMPACT_AFTER_ROWS);
    const p = await getDeliveryProgress(ctx, alertId);
    expect(p?.counts.read).toBe(30);
    expect(p?.done).toBe(true);
    expect(await rowsOf(alertId)).toBe(1);
    expect(await rollup(alertId)).toEqual(await direct(alertId));
  });

  it('loses nothing when folds run while senders write', async () => {
    const { ids, topic } = await audience(200, 12_000);
    const { alertId } = await publishAlert(ctx, { urgent: true, topicIds: [topic] });
    const writers = ids.map((id, i) =>
      ctx.pool.query(`UPDATE deliveries SET status = $3::"DeliveryStatus", error_code = $4 WHERE alert_id = $1 AND subscriber_id = $2`, [
        alertId,
        id,
        i % 5 === 0 ? 'FAILED' : 'SENT',
        i % 5 === 0 ? 131049 : null,
      ]),
    );
    const folds = Array.from({ length: 20 }, () => compactDeliveryCounts(ctx.pool, alertId));
    await Promise.all([...writers, ...folds]);
    await compactDeliveryCounts(ctx.pool, alertId);
    expect(await rollup(alertId)).toEqual(
      new Map([
        [key('SENT', null, null), 160],
        [key('FAILED', null, 131049), 40],
      ]),
    );
    expect(await rowsOf(alertId)).toBe(2);
  });

  it('drops the counts of a deleted alert with its deliveries', async () => {
    const { topic } = await audience(5, 13_000);
    const { alertId } = await publishAlert(ctx, { urgent: true, topicIds: [topic] });
    expect(await rowsOf(alertId)).toBeGreaterThan(0);
    await ctx.db.alert.delete({ where: { id: alertId } });
    expect(await rowsOf(alertId)).toBe(0);
    expect(await ctx.db.delivery.count({ where: { alertId } })).toBe(0);
  });
});
