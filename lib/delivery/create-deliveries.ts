import { recipientBatchSql, recipientIdsSql, type WeeklyCap } from './recipients';
import { Prisma } from '../generated/prisma/client';
import { DELIVERY_CHANNEL } from './options';

type Tx = Pick<Prisma.TransactionClient, '$executeRaw' | '$queryRaw'>;

export interface CreateDeliveriesInput {
  alertId: string;
  /** null = every ACTIVE subscriber, whatever their topics (lib/delivery/recipients.ts). */
  topicIds: string[] | null;
  /** The alert's zones; null/absent = the whole town (recipients.ts). */
  zoneIds?: string[] | null;
  /** 0 urgent, 1 normal: urgent deliveries are claimed first. */
  priority: 0 | 1;
  /** Subscribers who already had their normal alerts this week (never for urgent alerts). */
  excludeOverWeeklyCap?: WeeklyCap | null;
  /** A correction: only the people who received this alert (recipients.ts). */
  recipientsOf?: string | null;
  /** Anyone else to leave out. */
  skipSubscriberIds?: string[];
  /** When the deliveries become claimable (the caller's clock); default: the database's now(). */
  now?: Date;
}

/**
 * Inserts one QUEUED delivery per recipient, inside the caller's publishing transaction. One
 * INSERT … SELECT: the rows never pass through Node, so memory does not grow with the number of
 * recipients. Idempotent (unique alert+subscriber, ON CONFLICT DO NOTHING). Numbers Meta reported
 * as not on WhatsApp (131026, subscribers.undeliverable_at) and rows without a number are left out
 * by `recipientIdsSql`. The NOTIFY reaches the workers at commit, so sending starts at once.
 * Returns the number of rows inserted.
 *
 * Rows go in ordered by subscriber id: the (alert_id, subscriber_id) unique index then grows at
 * its right edge, and the subscriber_id index and the reference check's join with subscribers
 * (migration 20261129210000_deliveries_statement_references) walk their pages in order instead of
 * at random — about 20% less time at 100,000 recipients (docs/delivery.md, "Publishing").
 */
export async function createDeliveries(tx: Tx, a: CreateDeliveriesInput): Promise<number> {
  const recipients = recipientIdsSql({
    topicIds: a.topicIds,
    zoneIds: a.zoneIds,
    excludeOverWeeklyCap: a.excludeOverWeeklyCap ?? null,
    recipientsOf: a.recipientsOf,
  });
  const skip = a.skipSubscriberIds && a.skipSubscriberIds.length > 0 ? Prisma.sql`WHERE NOT (r.id = ANY(${a.skipSubscriberIds}::uuid[]))` : Prisma.empty;
  const at = a.now ? Prisma.sql`${a.now}::timestamptz` : Prisma.sql`now()`;
  const inserted = await tx.$executeRaw`
    INSERT INTO deliveries (alert_id, subscriber_id, priority, available_at, updated_at)
    SELECT ${a.alertId}::uuid, r.id, ${a.priority}::int, ${at}, ${at}
      FROM (${recipients}) r ${skip}
     ORDER BY r.id
    ON CONFLICT (alert_id, subscriber_id) DO NOTHING`;
  await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
  return inserted;
}

export interface DeliveryBatch {
  /** Rows inserted (fewer than `selected` only if some already existed). */
  inserted: number;
  /** Recipients found after the cursor: fewer than the limit means this was the last batch. */
  selected: number;
  /** The last subscriber id of the batch (the next cursor); null when the batch was empty. */
  last: string | null;
}

/**
 * One batch of a streaming publication (lib/alerts/continue-publishing.ts): queues the next `limit`
 * recipients after `after`, in subscriber id order, in the caller's transaction, and wakes the
 * workers at its commit, so sending starts on the first batch while the next ones are written.
 * Same rows, same rules as `createDeliveries`; idempotent like it.
 */
export async function createDeliveryBatch(
  tx: Tx,
  a: Omit<CreateDeliveriesInput, 'skipSubscriberIds'> & { after: string | null; limit: number },
): Promise<DeliveryBatch> {
  const recipients = recipientBatchSql({
    topicIds: a.topicIds,
    zoneIds: a.zoneIds,
    excludeOverWeeklyCap: a.excludeOverWeeklyCap ?? null,
    recipientsOf: a.recipientsOf,
    after: a.after,
    limit: a.limit,
  });
  const at = a.now ? Prisma.sql`${a.now}::timestamptz` : Prisma.sql`now()`;
  const [row] = await tx.$queryRaw<{ inserted: number; selected: number; last: string | null }[]>`
    WITH r AS (${recipients}),
    ins AS (
      INSERT INTO deliveries (alert_id, subscriber_id, priority, available_at, updated_at)
      SELECT ${a.alertId}::uuid, r.id, ${a.priority}::int, ${at}, ${at} FROM r ORDER BY r.id
      ON CONFLICT (alert_id, subscriber_id) DO NOTHING
      RETURNING 1)
    SELECT (SELECT count(*) FROM ins)::int AS inserted, (SELECT count(*) FROM r)::int AS selected,
           (SELECT r.id::text FROM r ORDER BY r.id DESC LIMIT 1) AS last`;
  if ((row?.inserted ?? 0) > 0) await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
  return { inserted: row?.inserted ?? 0, selected: row?.selected ?? 0, last: row?.last ?? null };
}
