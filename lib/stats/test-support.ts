/**
 * Test helpers for the statistics and the subscribers page (imported by *.test.ts only): people
 * join and leave through the real use cases (lib/subscriptions/subscriber-changes.ts) at the test
 * clock's time, and the rollup can be compared with a recomputation from the tables.
 */
import type { TestContext } from '../testing/test-context';
import { loadSettings } from '../settings/store';
import { activate, unsubscribe, type SubscriberRow } from '../subscriptions/subscriber-changes';
import { rebuildStatDeltas } from './counters';

type Channel = 'WEB' | 'WHATSAPP' | 'IMPORT' | 'STAFF';

/** Subscribes (or re-subscribes) a number at `at` (ISO instant), as "Iscrivimi Nome Cognome" does. */
export async function join(ctx: TestContext, phone: string, opts: { at?: string; channel?: Channel; name?: [string, string] } = {}): Promise<SubscriberRow> {
  if (opts.at) ctx.clock.set(opts.at);
  const settings = await loadSettings(ctx.db);
  const [firstName, lastName] = opts.name ?? ['Mario', 'Rossi'];
  return ctx.db.$transaction(async (tx) => {
    const subscriber = await tx.subscriber.findUnique({ where: { phoneHmac: ctx.cipher.hmac(phone) } });
    const row = await activate(ctx, tx, {
      subscriber,
      phone,
      name: { firstName, lastName, guessed: false },
      channel: opts.channel ?? 'WHATSAPP',
      evidence: 'test',
      settings,
    });
    // created_at comes from the database default; a new row gets the test clock's time instead.
    return subscriber ? row : tx.subscriber.update({ where: { id: row.id }, data: { createdAt: ctx.now() } });
  });
}

/** "Cancellami" from that number at `at`. */
export async function leave(ctx: TestContext, phone: string, opts: { at?: string; channel?: Channel } = {}): Promise<void> {
  if (opts.at) ctx.clock.set(opts.at);
  const settings = await loadSettings(ctx.db);
  await ctx.db.$transaction(async (tx) => {
    const s = await tx.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac(phone) } });
    await unsubscribe(ctx, tx, s, opts.channel ?? 'WHATSAPP', 'test', settings);
  });
}

/** A web request not yet confirmed. */
export async function pendingRequest(ctx: TestContext, phone: string): Promise<void> {
  await ctx.db.subscriber.create({
    data: {
      phoneHmac: ctx.cipher.hmac(phone),
      phoneEnc: ctx.cipher.encrypt(phone),
      status: 'PENDING',
      source: 'WEB',
      confirmationCode: '123456',
      createdAt: ctx.now(),
    },
  });
}

/** An alert sent to these subscribers, accepted by Meta at the given instants (as the sender records it). */
export async function sendAlert(ctx: TestContext, subscriberIds: string[], sentAt: string[]): Promise<void> {
  const alert = await ctx.db.alert.create({ data: { title: 'Via Roma chiusa', body: 'Lavori.', status: 'SENDING', allTopics: true, publishedAt: ctx.now() } });
  await ctx.db.delivery.createMany({ data: subscriberIds.map((subscriberId) => ({ alertId: alert.id, subscriberId })) });
  const rows = await ctx.db.delivery.findMany({ where: { alertId: alert.id }, orderBy: { id: 'asc' } });
  for (const [i, at] of sentAt.entries()) {
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', wamid_hmac = md5($2), sent_at = $3 WHERE id = $1`, [
      rows[i]!.id,
      `wamid.${alert.id}.${i}`,
      at,
    ]);
  }
}

/** Every metric's value (non-zero), as `metric|day` -> value. */
export async function rollupSnapshot(ctx: TestContext): Promise<Record<string, number>> {
  const { rows } = await ctx.pool.query<{ k: string; n: string }>(
    `SELECT metric || '|' || COALESCE(day::text, '') AS k, sum(delta)::text AS n FROM stat_deltas GROUP BY metric, day HAVING sum(delta) <> 0`,
  );
  return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
}

/** The rollup as the triggers left it, and as stats_rebuild() recomputes it from the tables. */
export async function rollupVersusTables(ctx: TestContext): Promise<{ incremental: Record<string, number>; recomputed: Record<string, number> }> {
  const incremental = await rollupSnapshot(ctx);
  await rebuildStatDeltas(ctx.pool);
  return { incremental, recomputed: await rollupSnapshot(ctx) };
}
