import type pg from 'pg';

/**
 * Reads and folds the statistics rollup (`stat_deltas`, kept by the triggers of migration
 * 20261129190000_stats_rollup; see README.md). Every change appends a signed delta; a metric's value
 * is the sum of its rows. Compaction folds the rows of each (metric, day) into one, so a read sums
 * a few hundred rows whatever the number of subscribers.
 */
export type Queryable = Pick<pg.Pool, 'query'>;

export const STATUSES = ['ACTIVE', 'PENDING', 'UNSUBSCRIBED'] as const;
export const SOURCES = ['WEB', 'WHATSAPP', 'IMPORT'] as const;
export type StatusName = (typeof STATUSES)[number];
export type SourceName = (typeof SOURCES)[number];

export interface StateCounters {
  /** Subscribers by status, then by source. */
  subscribers: Record<StatusName, Record<SourceName, number>>;
  /** ACTIVE subscribers per topic id. */
  topics: Map<string, number>;
}

/** Past this many rows beyond one per metric, a read folds them (a few ms; see compactStatDeltas). */
export const COMPACT_AFTER_ROWS = 1000;

const STATE_SQL = `
SELECT metric, sum(delta)::text AS n, count(*)::int AS rows
  FROM stat_deltas WHERE day IS NULL GROUP BY metric`;

const DAILY_SQL = `
SELECT day::text AS day, metric, sum(delta)::text AS n, count(*)::int AS rows
  FROM stat_deltas WHERE day >= $1::date AND metric = ANY($2::text[]) GROUP BY day, metric`;

// Concurrent compactions are safe: a row deleted by one is skipped by the other (it waits for the
// row lock, then finds it gone), and each inserts the sum of exactly the rows it deleted.
const COMPACT_SQL = `
WITH dup AS (
  SELECT metric, COALESCE(day, '-infinity'::date) AS d FROM stat_deltas GROUP BY 1, 2 HAVING count(*) > 1
), gone AS (
  DELETE FROM stat_deltas s USING dup
   WHERE s.metric = dup.metric AND COALESCE(s.day, '-infinity'::date) = dup.d
  RETURNING s.metric, s.day, s.delta
), folded AS (
  INSERT INTO stat_deltas (metric, day, delta)
  SELECT metric, day, sum(delta) FROM gone GROUP BY metric, day HAVING sum(delta) <> 0
  RETURNING 1
)
SELECT (SELECT count(*) FROM gone)::int AS deleted, (SELECT count(*) FROM folded)::int AS inserted`;

const emptyBySource = (): Record<SourceName, number> => ({ WEB: 0, WHATSAPP: 0, IMPORT: 0 });

export async function readStateCounters(db: Queryable): Promise<StateCounters> {
  const { rows } = await db.query<{ metric: string; n: string; rows: number }>(STATE_SQL);
  const out: StateCounters = {
    subscribers: { ACTIVE: emptyBySource(), PENDING: emptyBySource(), UNSUBSCRIBED: emptyBySource() },
    topics: new Map(),
  };
  let seen = 0;
  for (const r of rows) {
    seen += r.rows;
    const [kind, a, b] = r.metric.split(':');
    if (kind === 'subscribers' && isStatus(a) && isSource(b)) out.subscribers[a][b] = Number(r.n);
    else if (kind === 'topic' && a) out.topics.set(a, Number(r.n));
  }
  if (seen - rows.length > COMPACT_AFTER_ROWS) await compactStatDeltas(db);
  return out;
}

/** Per day (Rome) and metric, from `from` onwards: `consent:OPT_IN` → '2026-11-29' → 12. */
export async function readDailyMetrics(db: Queryable, from: string, metrics: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const { rows } = await db.query<{ day: string; metric: string; n: string; rows: number }>(DAILY_SQL, [from, metrics]);
  const out = new Map<string, Map<string, number>>(metrics.map((m) => [m, new Map()]));
  let seen = 0;
  for (const r of rows) {
    seen += r.rows;
    out.get(r.metric)?.set(r.day, Number(r.n));
  }
  if (seen - rows.length > COMPACT_AFTER_ROWS) await compactStatDeltas(db);
  return out;
}

/** Folds the rows of each (metric, day) into one. Safe at any time, also while triggers append. */
export async function compactStatDeltas(db: Queryable): Promise<{ deleted: number; inserted: number }> {
  const { rows } = await db.query<{ deleted: number; inserted: number }>(COMPACT_SQL);
  return rows[0] ?? { deleted: 0, inserted: 0 };
}

/**
 * Recomputes every metric from the tables (the `stats_rebuild()` SQL function of the migration):
 * after a bulk load with triggers disabled, or to repair. Briefly blocks writers of the tables.
 */
export async function rebuildStatDeltas(db: Queryable): Promise<void> {
  await db.query('SELECT stats_rebuild()');
}

function isStatus(s: string | undefined): s is StatusName {
  return (STATUSES as readonly string[]).includes(s ?? '');
}
function isSource(s: string | undefined): s is SourceName {
  return (SOURCES as readonly string[]).includes(s ?? '');
}

/** ACTIVE subscribers, from the rollup (a count(*) over a million rows takes well over 100 ms). */
export async function countActiveSubscribers(db: Queryable): Promise<number> {
  const c = await readStateCounters(db);
  return Object.values(c.subscribers.ACTIVE).reduce((a, b) => a + b, 0);
}
