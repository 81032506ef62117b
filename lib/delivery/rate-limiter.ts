import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { clientConfig } from '../db';
import { DbClock } from './db-clock';
import { HORIZON_MS } from './options';

/**
 * The cross-process send limiter (proof in docs/delivery.md). One row per sending number holds a
 * virtual clock: the database time, in epoch milliseconds, of the next free send slot. A worker
 * reserves n consecutive slots spaced `interval` apart in one atomic statement; slots of different
 * reservations never overlap, so every slot of every worker is at least `interval` after the
 * previous one. With interval = (1000 + tolerance) / cap and each send started no earlier than its
 * slot and at most `tolerance` after it, no 1-second window holds more than `cap` send starts.
 */

/** Slots spaced so that cap sends, each up to toleranceMs late, still fit in any 1-second window. */
export function slotInterval(messagesPerSecond: number, toleranceMs: number): number {
  return (1000 + toleranceMs) / messagesPerSecond;
}

export interface Slot {
  /** Local time (performance.now()) before which the send must not start. */
  notBefore: number;
  /** Local time after which the slot is lost (the send would be more than `tolerance` late). */
  deadline: number;
}

export type Reservation =
  /** startMs: database time of the first slot (for diagnostics and tests). */
  { granted: true; slots: Slot[]; intervalMs: number; startMs: number } | { granted: false; retryInMs: number };

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.Client, 'query'>;

export async function ensureLimiter(db: Queryable, key: string): Promise<void> {
  await db.query('INSERT INTO send_rate_limiter (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', [key]);
}

const RESERVE_SQL = `
WITH c AS (
  SELECT key, next_slot_ms AS prev, (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms,
         CASE WHEN slow_until > clock_timestamp() THEN slow_factor ELSE 1 END AS factor
    FROM send_rate_limiter WHERE key = $1 FOR UPDATE
), u AS (
  UPDATE send_rate_limiter l
     SET next_slot_ms = GREATEST(c.prev, c.now_ms + $4::float8) + $2::int * $3::float8 * c.factor
    FROM c
   WHERE l.key = c.key AND c.prev <= c.now_ms + $5::float8
  RETURNING 1
)
SELECT GREATEST(c.prev, c.now_ms + $4::float8) AS start_ms, c.now_ms, $3::float8 * c.factor AS interval_ms,
       c.prev AS next_ms, EXISTS (SELECT 1 FROM u) AS granted
  FROM c`;

/**
 * Reserves up to n slots, at least leadMs ahead of the database's now. The database time of each
 * slot is mapped to this process's clock pessimistically (DbClock): a slot may not start before
 * the latest local instant it can correspond to, and must start before the earliest one plus the
 * tolerance. The reservation is made well ahead of its slots (the pacer keeps ~100 ms reserved),
 * so a slow answer costs nothing.
 */
export async function reserveSlots(
  db: Queryable,
  clock: DbClock,
  key: string,
  n: number,
  baseIntervalMs: number,
  toleranceMs: number,
  leadMs = 5,
): Promise<Reservation> {
  const t0 = performance.now();
  const r = await db.query<{ start_ms: number; now_ms: number; interval_ms: number; next_ms: number; granted: boolean }>(RESERVE_SQL, [
    key,
    n,
    baseIntervalMs,
    leadMs,
    HORIZON_MS,
  ]);
  const t1 = performance.now();
  const row = r.rows[0];
  if (!row) throw new Error(`send limiter row ${key} is missing`);
  clock.sample(t0, t1, row.now_ms);
  if (!row.granted) return { granted: false, retryInMs: Math.max(1, row.next_ms - row.now_ms - HORIZON_MS) };
  // One mapping for the whole reservation: its slots stay exactly one interval apart locally too.
  const [earliest, latest] = clock.toLocal(row.start_ms);
  const slots: Slot[] = [];
  for (let i = 0; i < n; i++) {
    const offset = i * row.interval_ms;
    slots.push({ notBefore: latest + offset, deadline: earliest + offset + toleranceMs });
  }
  return { granted: true, slots, intervalMs: row.interval_ms, startMs: row.start_ms };
}

/**
 * Meta said 130429 (throughput): every worker's slots get longer for a while. Repeated throttling
 * doubles the factor (up to 16x) at most once a second; 5 s without one restores the full rate.
 */
export async function slowDown(db: Queryable, key: string): Promise<void> {
  await db.query(
    `UPDATE send_rate_limiter
        SET slow_factor = CASE WHEN slow_until > clock_timestamp() THEN LEAST(slow_factor * 2, 16) ELSE 2 END,
            slow_until = clock_timestamp() + interval '5 seconds',
            throttled_count = throttled_count + 1, updated_at = clock_timestamp()
      WHERE key = $1 AND (slow_until IS NULL OR slow_until < clock_timestamp() + interval '4 seconds')`,
    [key],
  );
}

/**
 * The limiter's own database connection: reservations never queue behind other work in the pool,
 * and each one also samples the database clock. Reconnects after an error.
 */
export class LimiterConnection {
  readonly clock = new DbClock();
  private client: pg.Client | null = null;

  constructor(private readonly databaseUrl: string) {}

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const c = new pg.Client(clientConfig(this.databaseUrl));
    c.on('error', () => {
      if (this.client === c) this.client = null;
    });
    await c.connect();
    this.client = c;
    // A first few exchanges give the clock mapping a good sample before any reservation.
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const r = await c.query<{ now_ms: number }>('SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS now_ms');
      this.clock.sample(t0, performance.now(), r.rows[0]!.now_ms);
    }
    return c;
  }

  async reserve(key: string, n: number, baseIntervalMs: number, toleranceMs: number): Promise<Reservation> {
    const c = await this.connection();
    try {
      return await reserveSlots(c, this.clock, key, n, baseIntervalMs, toleranceMs);
    } catch (e) {
      if (this.client === c) this.client = null;
      await c.end().catch(() => {});
      throw e;
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => {});
  }
}
