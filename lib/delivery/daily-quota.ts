import type pg from 'pg';
import type { Settings } from '../settings/defaults';
import { DAY_MS, QUOTA_RECHECK_MS } from './options';

/**
 * Meta's messaging limit: how many distinct people a business may reach outside the 24-hour
 * customer service window in any rolling 24 hours. A subscriber counts from the moment a delivery
 * to them is claimed (subscribers.quota_counted_at) until 24 h after the last such claim; people
 * who wrote to us in the last 24 h (last_inbound_at) are inside the window and do not count, and
 * a second alert to someone already counted costs nothing.
 */
export interface DailyQuota {
  limit: number | 'unlimited';
  used: number;
  /** Infinity when unlimited. */
  remaining: number;
  /** When the next recipient can be reached, if the limit is used up now. */
  resumeAt: Date | null;
  /** The first counted recipient to leave the window (null: nobody counted). */
  oldestCountedAt: Date | null;
}

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

export async function getDailyQuota(db: Queryable, now: Date, limit: Settings['dailyRecipientLimit']): Promise<DailyQuota> {
  if (limit === 'unlimited') return { limit, used: 0, remaining: Infinity, resumeAt: null, oldestCountedAt: null };
  const since = new Date(now.getTime() - DAY_MS);
  const { rows } = await db.query<{ used: number; oldest: Date | null }>(
    `SELECT count(*)::int AS used, min(quota_counted_at) AS oldest FROM subscribers WHERE quota_counted_at > $1`,
    [since],
  );
  const used = rows[0]?.used ?? 0;
  const remaining = Math.max(0, limit - used);
  let resumeAt: Date | null = null;
  if (remaining === 0) {
    // The (used - limit + 1)-th oldest leaves the window first when more are counted than allowed
    // (the limit was lowered); usually that is simply the oldest.
    const { rows: nth } = await db.query<{ at: Date }>(
      `SELECT quota_counted_at AS at FROM subscribers WHERE quota_counted_at > $1 ORDER BY quota_counted_at OFFSET $2 LIMIT 1`,
      [since, Math.max(0, used - limit)],
    );
    const freeAt = (nth[0]?.at ?? rows[0]?.oldest ?? now).getTime() + DAY_MS;
    resumeAt = new Date(Math.max(freeAt, now.getTime()));
  }
  return { limit, used, remaining, resumeAt, oldestCountedAt: rows[0]?.oldest ?? null };
}

/**
 * When deliveries left waiting now should be looked at again: when the next slot frees (if the
 * limit is not used up yet, a claim is about to use it up, and the oldest counted — or the one
 * counted now — frees first), but not more often than QUOTA_RECHECK_MS.
 */
export function recheckAt(quota: DailyQuota, now: Date): Date {
  const at = quota.resumeAt?.getTime() ?? (quota.oldestCountedAt ?? now).getTime() + DAY_MS;
  return new Date(Math.max(at, now.getTime() + QUOTA_RECHECK_MS));
}
