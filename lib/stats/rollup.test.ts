import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { importSubscribers } from '../subscribers/import-subscribers';
import { loadSettings } from '../settings/store';
import { toggleTopic } from '../subscriptions/subscriber-changes';
import { createTestContext, type TestContext } from '../testing/test-context';
import { compactStatDeltas, readStateCounters } from './counters';
import { join, leave, pendingRequest, rollupSnapshot, rollupVersusTables, sendAlert } from './test-support';

/**
 * The rollup kept by the triggers must always equal a recomputation from the tables, whatever path
 * changed them: the real use cases, bulk statements, cascades, compaction, concurrency.
 */
let ctx: TestContext;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const phone = (i: number) => `+39333${String(1_000_000 + i).padStart(7, '0')}`;

describe('stat_deltas rollup', () => {
  it('follows joins, leaves, topic changes, imports, pending requests, deletes and sends', async () => {
    const a = await join(ctx, phone(1));
    const b = await join(ctx, phone(2), { channel: 'WEB' });
    await join(ctx, phone(3));
    await join(ctx, phone(3)); // already active: TOPICS_CHANGED, topic rows replaced
    await leave(ctx, phone(2));
    await join(ctx, phone(2)); // back again
    await pendingRequest(ctx, phone(4));
    await pendingRequest(ctx, phone(5));
    await leave(ctx, phone(5)); // never confirmed: the row is deleted
    const settings = await loadSettings(ctx.db);
    await ctx.db.$transaction(async (tx) => toggleTopic(ctx, tx, (await tx.subscriber.findUniqueOrThrow({ where: { id: a.id } }))!, 'urgenze', settings));
    const csv = `phone,first_name,last_name,topics,consented_at\n${phone(6)},Anna,Bianchi,viabilita,2026-01-10\n${phone(7)},Luca,Verdi,,2026-01-10\n`;
    expect((await importSubscribers(ctx, { actor: systemActor('test'), file: [csv], fileName: 'elenco.csv', mode: 'import' })).added).toBe(2);
    await ctx.db.subscriber.update({ where: { id: b.id }, data: { source: 'IMPORT' } });
    await sendAlert(ctx, [a.id, b.id], ['2026-11-29T08:00:00Z', '2026-11-28T23:30:00Z']);
    // A delete of an ACTIVE subscriber cascades to its topics.
    const gone = await join(ctx, phone(8));
    await ctx.db.subscriber.delete({ where: { id: gone.id } });

    const { incremental, recomputed } = await rollupVersusTables(ctx);
    expect(incremental).toEqual(recomputed);
    expect(incremental['subscribers:ACTIVE:IMPORT|']).toBe(3);
    expect(incremental['sent|2026-11-29']).toBe(2); // 23:30 UTC on the 28th is past midnight in Rome
  });

  it('follows bulk statements (many rows at once) and a cascade from topics', async () => {
    const ids = (
      await ctx.pool.query<{ id: string }>(
        `INSERT INTO subscribers (phone_hmac, status, source, updated_at) SELECT 'bulk' || i, 'ACTIVE', 'IMPORT', now() FROM generate_series(1, 300) i RETURNING id::text`,
      )
    ).rows.map((r) => r.id);
    await ctx.pool.query(`INSERT INTO subscriber_topics (subscriber_id, topic_id) SELECT s, t.id FROM unnest($1::uuid[]) s CROSS JOIN topics t`, [ids]);
    await ctx.pool.query(`UPDATE subscribers SET status = 'UNSUBSCRIBED' WHERE id = ANY($1::uuid[]) AND phone_hmac < 'bulk2'`, [ids]);
    await ctx.pool.query(`DELETE FROM subscribers WHERE id = ANY($1::uuid[]) AND phone_hmac LIKE 'bulk5%'`, [ids]);
    const extra = await ctx.db.topic.create({ data: { slug: 'eventi', name: 'Eventi', position: 9 } });
    await ctx.pool.query(`INSERT INTO subscriber_topics (subscriber_id, topic_id) SELECT unnest($1::uuid[]), $2::uuid`, [ids.slice(250), extra.id]);
    await ctx.db.topic.delete({ where: { id: extra.id } });

    const { incremental, recomputed } = await rollupVersusTables(ctx);
    expect(incremental).toEqual(recomputed);
  });

  it('keeps every delta when compaction runs while people join and leave', async () => {
    const before = await rollupSnapshot(ctx);
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 12; i++) {
      work.push(join(ctx, phone(100 + i)).then(() => (i % 3 === 0 ? leave(ctx, phone(100 + i)) : undefined)));
      work.push(compactStatDeltas(ctx.pool));
    }
    await Promise.all(work);
    await compactStatDeltas(ctx.pool);
    const { rows } = await ctx.pool.query<{ dup: number }>(
      `SELECT count(*)::int AS dup FROM (SELECT 1 FROM stat_deltas GROUP BY metric, day HAVING count(*) > 1) x`,
    );
    expect(rows[0]!.dup).toBe(0);
    const { incremental, recomputed } = await rollupVersusTables(ctx);
    expect(incremental).toEqual(recomputed);
    const active = (s: Record<string, number>) =>
      Object.entries(s)
        .filter(([k]) => k.startsWith('subscribers:ACTIVE:'))
        .reduce((n, [, v]) => n + v, 0);
    expect(active(incremental) - active(before)).toBe(8);
  });

  it('reads fold the rows once they pile up', async () => {
    for (let i = 0; i < 420; i++)
      await ctx.pool.query(
        `INSERT INTO stat_deltas (metric, delta) VALUES ('subscribers:PENDING:WEB', 1), ('subscribers:PENDING:WEB', -1), ('subscribers:PENDING:WEB', 0)`,
      );
    const counters = await readStateCounters(ctx.pool);
    const { rows } = await ctx.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM stat_deltas WHERE metric = 'subscribers:PENDING:WEB'`);
    expect(rows[0]!.n).toBeLessThanOrEqual(1);
    expect(counters.subscribers.PENDING.WEB).toBe(await ctx.db.subscriber.count({ where: { status: 'PENDING', source: 'WEB' } }));
  });
});
