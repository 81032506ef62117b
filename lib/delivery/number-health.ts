import type pg from 'pg';
import type { AppContext } from '../context';
import { withPgTransaction } from '../db/pg-transaction';
import type { Settings } from '../settings/defaults';
import { tierLimit } from '../whatsapp/limits';

/**
 * The business number's health as Meta tells it: quality rating, messaging limit (per business
 * portfolio) and throughput, read with GET /<PHONE_NUMBER_ID>?fields=... at worker start-up and every
 * few minutes (refreshNumberHealth), and changed at once by the phone_number_quality_update and
 * business_capability_update webhooks (applyNumberHealthEvent), both in update-number-health.ts.
 * One row per phone number id in `number_health`. Every change runs the quality guard
 * (quality-guard.ts).
 */
export interface NumberHealth {
  phoneNumberId: string;
  qualityRating: string | null;
  messagingLimit: string | null;
  throughputLevel: string | null;
  flagged: boolean;
  source: 'meta' | 'manual';
  lastEvent: string | null;
  lastEventAt: Date | null;
  readAt: Date | null;
  readError: string | null;
}

/** Meta's limit is used while it was read (or announced by a webhook) in the last 24 hours. */
export const META_LIMIT_FRESH_MS = 24 * 60 * 60 * 1000;
/** How often the worker reads the number from Meta (pg-boss schedule, one worker at a time). */
export const NUMBER_HEALTH_CRON = '*/5 * * * *';

type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** Health updates (reads, webhooks, possibly from several workers at once) take turns on this lock. */
const HEALTH_LOCK_KEY = 72707372;

/**
 * Runs a read-modify-write of the number's health in one transaction holding HEALTH_LOCK_KEY, so a
 * webhook and a periodic read applied at the same moment by two workers never overwrite each other.
 */
export async function withNumberHealthLock<T>(ctx: Pick<AppContext, 'pool'>, fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  return withPgTransaction(ctx.pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [HEALTH_LOCK_KEY]);
    return fn(client);
  });
}

interface Row {
  phone_number_id: string;
  quality_rating: string | null;
  messaging_limit: string | null;
  throughput_level: string | null;
  flagged: boolean;
  source: string;
  last_event: string | null;
  last_event_at: Date | null;
  read_at: Date | null;
  read_error: string | null;
}

const fromRow = (r: Row): NumberHealth => ({
  phoneNumberId: r.phone_number_id,
  qualityRating: r.quality_rating,
  messagingLimit: r.messaging_limit,
  throughputLevel: r.throughput_level,
  flagged: r.flagged,
  source: r.source === 'meta' ? 'meta' : 'manual',
  lastEvent: r.last_event,
  lastEventAt: r.last_event_at,
  readAt: r.read_at,
  readError: r.read_error,
});

export async function getNumberHealth(db: Queryable, phoneNumberId: string): Promise<NumberHealth | null> {
  const { rows } = await db.query<Row>('SELECT * FROM number_health WHERE phone_number_id = $1', [phoneNumberId]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** Why normal alerts must wait: the number is FLAGGED (last quality event) or rated RED; null = it may send. */
export function qualityHold(h: Pick<NumberHealth, 'flagged' | 'qualityRating'> | null): 'FLAGGED' | 'RED' | null {
  if (!h) return null;
  if (h.flagged) return 'FLAGGED';
  if (h.qualityRating === 'RED') return 'RED';
  return null;
}

export interface EffectiveDailyLimit {
  limit: Settings['dailyRecipientLimit'];
  /** 'meta': Meta's tier, read in the last 24 h; 'manual': the admin's dailyRecipientLimit setting. */
  source: 'meta' | 'manual';
  /** Meta's tier name (TIER_2K...), also when it is not in use (stale or unknown). */
  tier: string | null;
  readAt: Date | null;
}

/**
 * The daily limit the sender uses and the dashboard shows: Meta's, when it was read in the last 24
 * hours and is a tier we know; otherwise the manual setting (Meta could not be read).
 */
export function effectiveDailyLimit(h: NumberHealth | null, manual: Settings['dailyRecipientLimit'], now: Date): EffectiveDailyLimit {
  const meta = tierLimit(h?.messagingLimit);
  const fresh = !!h?.readAt && now.getTime() - h.readAt.getTime() <= META_LIMIT_FRESH_MS;
  if (meta !== null && fresh) return { limit: meta, source: 'meta', tier: h!.messagingLimit, readAt: h!.readAt };
  return { limit: manual, source: 'manual', tier: h?.messagingLimit ?? null, readAt: h?.readAt ?? null };
}

export async function loadDailyLimit(
  ctx: Pick<AppContext, 'pool' | 'whatsapp' | 'now'>,
  manual: Settings['dailyRecipientLimit'],
): Promise<EffectiveDailyLimit> {
  return effectiveDailyLimit(await getNumberHealth(ctx.pool, ctx.whatsapp.phoneNumberId), manual, ctx.now());
}

const UPSERT_SQL = `
INSERT INTO number_health AS n (phone_number_id, quality_rating, messaging_limit, throughput_level, flagged, source, last_event, last_event_at, read_at, read_error, updated_at)
VALUES ($1, $2, $3, $4, COALESCE($5, false), $6, $7, $8, $9, $10, $11)
ON CONFLICT (phone_number_id) DO UPDATE SET
  quality_rating = CASE WHEN $12 THEN EXCLUDED.quality_rating ELSE n.quality_rating END,
  messaging_limit = COALESCE(EXCLUDED.messaging_limit, n.messaging_limit),
  throughput_level = COALESCE(EXCLUDED.throughput_level, n.throughput_level),
  flagged = COALESCE($5, n.flagged),
  source = EXCLUDED.source,
  last_event = COALESCE(EXCLUDED.last_event, n.last_event),
  last_event_at = COALESCE(EXCLUDED.last_event_at, n.last_event_at),
  read_at = COALESCE(EXCLUDED.read_at, n.read_at),
  read_error = EXCLUDED.read_error,
  updated_at = EXCLUDED.updated_at`;

export interface NumberHealthChange {
  /** Only written when `setQuality`. */
  qualityRating?: string | null;
  messagingLimit?: string | null;
  throughputLevel?: string | null;
  /** null: unchanged. */
  flagged?: boolean | null;
  lastEvent?: string | null;
  lastEventAt?: Date | null;
  readAt?: Date | null;
  readError?: string | null;
  source: 'meta' | 'manual';
}

export async function storeNumberHealth(db: Queryable, ctx: Pick<AppContext, 'whatsapp' | 'now'>, c: NumberHealthChange): Promise<void> {
  await db.query(UPSERT_SQL, [
    ctx.whatsapp.phoneNumberId,
    c.qualityRating ?? null,
    c.messagingLimit ?? null,
    c.throughputLevel ?? null,
    c.flagged ?? null,
    c.source,
    c.lastEvent ?? null,
    c.lastEventAt ?? null,
    c.readAt ?? null,
    c.readError ?? null,
    ctx.now(),
    c.qualityRating !== undefined,
  ]);
}

const QUALITY_LABELS: Record<string, string> = {
  GREEN: 'buona (verde)',
  YELLOW: 'media (gialla)',
  RED: 'bassa (rossa)',
  UNKNOWN: 'non ancora valutata da Meta',
};

export function qualityLabel(rating: string | null | undefined): string {
  if (!rating) return 'non nota';
  return QUALITY_LABELS[rating] ?? rating;
}

/** "2.000 persone al giorno" / "illimitato" for a tier or a limit. */
export function limitLabel(limit: Settings['dailyRecipientLimit'] | null): string {
  if (limit === null) return 'non noto';
  return limit === 'unlimited' ? 'illimitato' : `${limit.toLocaleString('it-IT')} persone in 24 ore`;
}

const romeFmt = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });

/** Why the manual limit is in use, in plain Italian. */
function manualWhy(h: NumberHealth | null): string {
  if (!h?.readAt) return h?.readError ? 'Meta non risponde' : 'Meta non è ancora stato letto';
  if (h.readError) return 'Meta non risponde da più di 24 ore';
  return 'Meta non indica un limite utilizzabile';
}

/** Plain Italian for staff (CLI, dashboard): quality, limit and where each comes from. */
export function describeNumberHealth(h: NumberHealth | null, eff: EffectiveDailyLimit): { quality: string; limit: string; hold: string | null } {
  const read = h?.readAt ? `letta da Meta il ${romeFmt.format(h.readAt)}` : 'mai letta da Meta';
  const rating = `${qualityLabel(h?.qualityRating)} (${read}${h?.readError ? `; ultima lettura non riuscita: ${h.readError}` : ''})`;
  const quality = h?.flagged
    ? `segnalata da Meta come bassa (FLAGGED${h.lastEventAt ? ` il ${romeFmt.format(h.lastEventAt)}` : ''}); valutazione precedente: ${rating}`
    : rating;
  const limit =
    eff.source === 'meta'
      ? `${limitLabel(eff.limit)} (da Meta: ${eff.tier}, letto il ${romeFmt.format(eff.readAt!)})`
      : `${limitLabel(eff.limit)} (impostazione manuale dailyRecipientLimit: ${manualWhy(h)}${eff.tier ? `; Meta indicava ${eff.tier}${eff.readAt ? ` il ${romeFmt.format(eff.readAt)}` : ''}` : ''})`;
  const hold = qualityHold(h);
  return {
    quality,
    limit,
    hold: hold
      ? `Gli avvisi normali sono in attesa finché la qualità non torna buona (${hold === 'RED' ? 'qualità rossa' : 'numero segnalato'}); gli urgenti partono comunque.`
      : null,
  };
}
