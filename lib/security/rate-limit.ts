import type pg from 'pg';

/**
 * Fixed-window counters in PostgreSQL, so every process (web, workers) shares the same limits.
 * One statement: insert-or-increment and read back. Old windows are purged by the maintenance job.
 */
export interface RateRule {
  /** Namespaced key, e.g. `web-form:ip:<ip>`; pass HMACs for personal values, never raw numbers. */
  key: string;
  limit: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  /** Seconds until the current window ends (for Retry-After). */
  retryAfter: number;
}

/** A counted attempt: `release` gives it back (e.g. a login that succeeded does not count). */
export interface RateReservation extends RateDecision {
  count: number;
  release(): Promise<void>;
}

/**
 * Counts first, then decides: the one statement increments and reads back, so N parallel callers
 * get N distinct counts and at most `limit` of them are allowed (never check-then-act).
 * `windowStart` pins the window (e.g. a login ticket's issue time) instead of the fixed grid.
 */
export async function reserveRateLimit(pool: pg.Pool, rule: RateRule, now = new Date(), windowStart?: Date): Promise<RateReservation> {
  const windowMs = rule.windowSeconds * 1000;
  const start = windowStart ?? new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const { rows } = await pool.query<{ count: number }>(
    `INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key, window_start) DO UPDATE SET count = rate_limits.count + 1
     RETURNING count`,
    [rule.key, start],
  );
  const count = rows[0]?.count ?? 1;
  let released = false;
  return {
    count,
    allowed: count <= rule.limit,
    retryAfter: Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000)),
    async release() {
      if (released) return;
      released = true;
      await pool.query('UPDATE rate_limits SET count = count - 1 WHERE key = $1 AND window_start = $2 AND count > 0', [rule.key, start]);
    },
  };
}

export async function hitRateLimit(pool: pg.Pool, rule: RateRule, now = new Date()): Promise<RateDecision> {
  const r = await reserveRateLimit(pool, rule, now);
  return { allowed: r.allowed, retryAfter: r.retryAfter };
}

/** Checks several rules; all are counted, the first refusal wins. */
export async function hitRateLimits(pool: pg.Pool, rules: RateRule[], now = new Date()): Promise<RateDecision> {
  const decisions = await Promise.all(rules.map((r) => hitRateLimit(pool, r, now)));
  const refused = decisions.filter((d) => !d.allowed);
  if (refused.length === 0) return { allowed: true, retryAfter: 0 };
  return { allowed: false, retryAfter: Math.max(...refused.map((d) => d.retryAfter)) };
}

export async function purgeRateLimits(pool: pg.Pool, olderThan: Date): Promise<number> {
  const r = await pool.query('DELETE FROM rate_limits WHERE window_start < $1', [olderThan]);
  return r.rowCount ?? 0;
}
