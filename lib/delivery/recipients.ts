/**
 * Who receives an alert, in SQL: one definition used both by the recipient count shown before
 * sending and by the publishing INSERT…SELECT (lib/delivery/create-deliveries.ts should build its
 * SELECT with `recipientIdsSql`, so the number the editor confirms is the number that is queued).
 *
 * - ACTIVE subscribers with a number Meta has not reported as undeliverable, following at least one
 *   of the topics (topicIds null = everyone active, used by the welcome message), and of the
 *   alert's zones when it has some (zoneIds; a subscriber with no zone gets the whole town);
 * - minus, for normal alerts, those who already got `cap` normal alerts since `since` (7 days): a
 *   delivery counts unless it FAILED, was SKIPPED or was CANCELLED by a stop (what a stopped alert did
 *   not send is given back), so alerts still being sent count too. Urgent
 *   alerts, the welcome message and corrections never count and are never capped.
 * Indexes used: subscribers(status), subscriber_topics(pk subscriber_id,topic_id / topic_id),
 * alerts(published_at), deliveries(alert_id, subscriber_id).
 */
import { Prisma } from '../generated/prisma/client';

export interface WeeklyCap {
  cap: number;
  since: Date;
}

export interface RecipientFilter {
  /** null = every ACTIVE subscriber, whatever their topics. */
  topicIds: string[] | null;
  excludeOverWeeklyCap?: WeeklyCap | null;
  /**
   * A correction (lib/alerts/correct-alert.ts): only those who received this alert (a delivery
   * SENT, DELIVERED or READ), whatever their topics now; still ACTIVE and reachable as always.
   */
  recipientsOf?: string | null;
  /**
   * Zones the alert is for (issue 13); null or absent = the whole town. With zones, a subscriber
   * receives it when they chose one of them or chose no (active) zone at all: no zone = whole town.
   */
  zoneIds?: string[] | null;
}

/** The zone rule: subscribers of the zones, and those who chose no active zone. */
function zonesSql(zoneIds: string[] | null | undefined): Prisma.Sql {
  if (!zoneIds || zoneIds.length === 0) return Prisma.empty;
  return Prisma.sql`AND (EXISTS (SELECT 1 FROM subscriber_zones sz WHERE sz.subscriber_id = s.id AND sz.zone_id = ANY(${zoneIds}::uuid[]))
                      OR NOT EXISTS (SELECT 1 FROM subscriber_zones sz JOIN zones z ON z.id = sz.zone_id AND z.active WHERE sz.subscriber_id = s.id))`;
}

function recipientsOfSql(alertId: string | null | undefined): Prisma.Sql {
  if (!alertId) return Prisma.empty;
  return Prisma.sql`AND EXISTS (SELECT 1 FROM deliveries od WHERE od.alert_id = ${alertId}::uuid AND od.subscriber_id = s.id
                                   AND od.status IN ('SENT', 'DELIVERED', 'READ'))`;
}

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Subscribers who already reached the cap of normal alerts in the window. */
export function overWeeklyCapSql(c: WeeklyCap): Prisma.Sql {
  return Prisma.sql`SELECT d.subscriber_id
      FROM alerts a JOIN deliveries d ON d.alert_id = a.id
     WHERE a.published_at >= ${c.since} AND a.urgency = 'NORMAL' AND a.is_welcome = false AND a.corrects_alert_id IS NULL
       AND d.status NOT IN ('FAILED', 'SKIPPED', 'CANCELLED')
     GROUP BY d.subscriber_id HAVING count(*) >= ${c.cap}`;
}

/**
 * Who can be sent to at all: active, not reported as off WhatsApp (131026), and with an address —
 * a number or, for a username-only citizen, a BSUID. One fragment for every recipient query.
 */
const REACHABLE = Prisma.sql`s.status = 'ACTIVE' AND s.undeliverable_at IS NULL AND (s.phone_enc IS NOT NULL OR s.wa_user_id_enc IS NOT NULL)`;

/** `SELECT s.id FROM subscribers s …`: the recipients, without duplicates. */
export function recipientIdsSql(f: RecipientFilter): Prisma.Sql {
  const topics =
    f.topicIds === null
      ? Prisma.empty
      : Prisma.sql`AND EXISTS (SELECT 1 FROM subscriber_topics st WHERE st.subscriber_id = s.id AND st.topic_id = ANY(${f.topicIds}::uuid[]))`;
  // A derived table rather than a CTE, so the fragment also works inside INSERT … SELECT.
  const cap = f.excludeOverWeeklyCap
    ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM (${overWeeklyCapSql(f.excludeOverWeeklyCap)}) c WHERE c.subscriber_id = s.id)`
    : Prisma.empty;
  // Numbers Meta reported as not on WhatsApp (131026) and rows with no address (neither a number
  // nor, for a username-only citizen, a BSUID) are never queued (create-deliveries.ts filters them
  // too): leaving them out here keeps the count exact.
  return Prisma.sql`SELECT s.id FROM subscribers s WHERE ${REACHABLE} ${topics} ${zonesSql(f.zoneIds)} ${cap} ${recipientsOfSql(f.recipientsOf)}`;
}

/**
 * The same recipients as `recipientIdsSql`, one batch at a time for streaming publishing: the next
 * `limit` of them in subscriber id order after `after` (null: from the start). The weekly cap is the
 * same rule written per subscriber (their normal deliveries in the window, through
 * deliveries(subscriber_id)), so a batch costs its own rows and not a scan of the week's deliveries.
 */
export function recipientBatchSql(f: RecipientFilter & { after: string | null; limit: number }): Prisma.Sql {
  const topics =
    f.topicIds === null
      ? Prisma.empty
      : Prisma.sql`AND EXISTS (SELECT 1 FROM subscriber_topics st WHERE st.subscriber_id = s.id AND st.topic_id = ANY(${f.topicIds}::uuid[]))`;
  const c = f.excludeOverWeeklyCap;
  const cap = c
    ? Prisma.sql`AND (SELECT count(*) FROM deliveries d JOIN alerts a ON a.id = d.alert_id
                       WHERE d.subscriber_id = s.id AND a.published_at >= ${c.since} AND a.urgency = 'NORMAL' AND a.is_welcome = false AND a.corrects_alert_id IS NULL
                         AND d.status NOT IN ('FAILED', 'SKIPPED', 'CANCELLED')) < ${c.cap}`
    : Prisma.empty;
  const after = f.after ? Prisma.sql`AND s.id > ${f.after}::uuid` : Prisma.empty;
  return Prisma.sql`SELECT s.id FROM subscribers s WHERE ${REACHABLE} ${after} ${topics} ${zonesSql(f.zoneIds)} ${cap} ${recipientsOfSql(f.recipientsOf)}
     ORDER BY s.id LIMIT ${f.limit}`;
}

type Raw = Pick<Prisma.TransactionClient, '$queryRaw'>;

export interface RecipientCount {
  /** Who will receive it. */
  recipients: number;
  /** Active subscribers of the topics before the weekly cap. */
  matching: number;
  /** Left out because they already had their normal alerts this week. */
  overWeeklyCap: number;
}

export async function countRecipientsSql(db: Raw, f: RecipientFilter): Promise<RecipientCount> {
  const [all] = await db.$queryRaw<
    { n: bigint }[]
  >`SELECT count(*) AS n FROM (${recipientIdsSql({ topicIds: f.topicIds, zoneIds: f.zoneIds, recipientsOf: f.recipientsOf })}) r`;
  const matching = Number(all?.n ?? 0);
  if (!f.excludeOverWeeklyCap) return { recipients: matching, matching, overWeeklyCap: 0 };
  const [capped] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (${recipientIdsSql(f)}) r`;
  const recipients = Number(capped?.n ?? 0);
  return { recipients, matching, overWeeklyCap: matching - recipients };
}

/** The audience of some topics split by zone: who chose each active zone, and who chose none. */
export interface ZoneBreakdown {
  /** Active zone id -> subscribers of the topics who chose it (one person may count in several). */
  byZone: Map<string, number>;
  /** Subscribers of the topics with no active zone: every alert reaches them, zones or not. */
  noZone: number;
}

/**
 * The "per zone" figures of the composer: reachable subscribers of the topics (before the weekly
 * cap), counted per active zone they chose, and those who chose no active zone.
 */
export async function zoneBreakdownSql(db: Raw, f: { topicIds: string[] | null }): Promise<ZoneBreakdown> {
  const rows = await db.$queryRaw<{ zone_id: string | null; n: bigint }[]>`
    WITH r AS (${recipientIdsSql({ topicIds: f.topicIds })})
    SELECT z.id::text AS zone_id, count(sz.subscriber_id) AS n
      FROM zones z LEFT JOIN subscriber_zones sz ON sz.zone_id = z.id AND sz.subscriber_id IN (SELECT id FROM r)
     WHERE z.active GROUP BY z.id
    UNION ALL
    SELECT NULL, count(*) FROM r
     WHERE NOT EXISTS (SELECT 1 FROM subscriber_zones sz JOIN zones z ON z.id = sz.zone_id AND z.active WHERE sz.subscriber_id = r.id)`;
  const byZone = new Map<string, number>();
  let noZone = 0;
  for (const row of rows) {
    if (row.zone_id === null) noZone = Number(row.n);
    else byZone.set(row.zone_id, Number(row.n));
  }
  return { byZone, noZone };
}
