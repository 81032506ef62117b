import { recipientIdsSql, type WeeklyCap } from '../alerts/recipients';
import { Prisma } from '../generated/prisma/client';
import { DELIVERY_CHANNEL } from './options';

type Tx = Pick<Prisma.TransactionClient, '$executeRaw'>;

export interface CreateDeliveriesInput {
  alertId: string;
  /** null = every ACTIVE subscriber, whatever their topics (lib/alerts/recipients.ts). */
  topicIds: string[] | null;
  /** 0 urgent, 1 normal: urgent deliveries are claimed first. */
  priority: 0 | 1;
  /** Subscribers who already had their normal alerts this week (never for urgent alerts). */
  excludeOverWeeklyCap?: WeeklyCap | null;
  /** Anyone else to leave out. */
  skipSubscriberIds?: string[];
  /** When the deliveries become claimable (the caller's clock); default: the database's now(). */
  now?: Date;
}

/**
 * Inserts one QUEUED delivery per recipient, inside the caller's publishing transaction. One
 * INSERT … SELECT: the rows never pass through Node, so memory does not grow with the number of
 * recipients. Idempotent (unique alert+subscriber, ON CONFLICT DO NOTHING). Numbers Meta reported
 * as not on WhatsApp (131026, subscribers.undeliverable_at) are left out. The NOTIFY reaches the
 * workers at commit, so sending starts at once. Returns the number of rows inserted.
 */
export async function createDeliveries(tx: Tx, a: CreateDeliveriesInput): Promise<number> {
  const recipients = recipientIdsSql({ topicIds: a.topicIds, excludeOverWeeklyCap: a.excludeOverWeeklyCap ?? null });
  const skip = a.skipSubscriberIds && a.skipSubscriberIds.length > 0 ? Prisma.sql`AND NOT (r.id = ANY(${a.skipSubscriberIds}::uuid[]))` : Prisma.empty;
  const at = a.now ? Prisma.sql`${a.now}::timestamptz` : Prisma.sql`now()`;
  const inserted = await tx.$executeRaw`
    INSERT INTO deliveries (alert_id, subscriber_id, priority, available_at, updated_at)
    SELECT ${a.alertId}::uuid, r.id, ${a.priority}::int, ${at}, ${at}
      FROM (${recipients}) r
      JOIN subscribers s ON s.id = r.id
     WHERE s.undeliverable_at IS NULL AND s.phone_enc IS NOT NULL ${skip}
    ON CONFLICT (alert_id, subscriber_id) DO NOTHING`;
  await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
  return inserted;
}
