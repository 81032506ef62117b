import type { AppContext } from '../context';
import type { AlertStatus } from '../generated/prisma/client';
import { loadSettings } from '../settings/store';
import { getDailyQuota } from './daily-quota';
import { loadDailyLimit } from './number-health';
import { describeQualityHold } from './quality-guard';

export interface DeliveryCounts {
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  skipped: number;
  /** Not sent because staff stopped the alert (lib/alerts/cancel-alert.ts). */
  cancelled: number;
}

export interface DeliveryProgress {
  alertId: string;
  alertStatus: AlertStatus;
  total: number;
  counts: DeliveryCounts;
  /** Finished (FAILED), by Meta's error code; label in Italian for the report. */
  failures: { code: number | null; label: string; count: number }[];
  /** Left out at send time (no longer subscribed, number erased, not on WhatsApp). */
  skipped: { reason: string; label: string; count: number }[];
  /** Deliveries held back by Meta's daily messaging limit, with a sentence for the dashboard. */
  waiting: { reason: 'daily_limit'; count: number; resumeAt: Date | null; message: string } | null;
  /** Why the alert is paused (set by the sender on 131048, 368, template problems, or by staff). */
  pausedReason: string | null;
  /** The stored paused_reason as it is (a code such as `number_quality:FLAGGED`, or the sender's sentence). */
  pausedCode?: string | null;
  /** Deliveries are still being queued in batches (streaming publishing): `total` still grows. */
  publishing: boolean;
  /** Nothing QUEUED or SENDING any more, and nothing left to queue. */
  done: boolean;
}

const FAILURE_LABELS: Record<number, string> = {
  131026: 'Numero non raggiungibile su WhatsApp',
  131047: 'Fuori dalla finestra di 24 ore',
  131049: 'Non consegnato da Meta per limitare i messaggi ricevuti',
  131050: 'Il destinatario ha bloccato i messaggi di questo tipo',
  131051: 'Tipo di messaggio non supportato',
  131048: 'Limite antispam di Meta',
  368: 'Account bloccato temporaneamente da Meta',
  130429: 'Limite di velocità di Meta',
  131056: 'Troppi messaggi allo stesso numero',
  131000: 'Errore temporaneo di Meta',
  131016: 'Servizio Meta non disponibile',
};

const SKIP_LABELS: Record<string, string> = {
  subscriber_inactive: 'Non più iscritto al momento dell’invio',
  no_number: 'Numero cancellato',
  undeliverable: 'Numero non raggiungibile su WhatsApp',
  engagement_limit: 'Meta non consegna a questa persona per 24 ore (errore 131049)',
};

export function failureLabel(code: number | null): string {
  if (code === null) return 'Errore di rete o sconosciuto';
  if (code >= 132000 && code <= 132018) return 'Problema del modello WhatsApp';
  return FAILURE_LABELS[code] ?? `Errore ${code}`;
}

const timeFmt = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: 'numeric', month: 'long' });

/** "in attesa del limite giornaliero: 150 restanti, ripresa prevista alle 10:05 (30 novembre)" */
export function dailyLimitMessage(count: number, resumeAt: Date | null, now: Date): string {
  const base = `In attesa del limite giornaliero di WhatsApp: ${count} ${count === 1 ? 'messaggio restante' : 'messaggi restanti'}`;
  if (!resumeAt) return `${base}.`;
  const sameDay = dayFmt.format(resumeAt) === dayFmt.format(now);
  return `${base}, ripresa prevista alle ${timeFmt.format(resumeAt)}${sameDay ? '' : ` del ${dayFmt.format(resumeAt)}`}.`;
}

/** Past this many rows beyond one per key, a read folds an alert's deltas (see compactDeliveryCounts). */
export const COMPACT_AFTER_ROWS = 200;

// Sums the alert's rows of the rollup (migration 20261129213000_delivery_counts_rollup): a few
// rows per key since the last fold, whatever the size of the alert.
const COUNTS_SQL = `
SELECT status::text, reason, code, sum(delta)::int AS n, count(*)::int AS rows
  FROM delivery_count_deltas WHERE alert_id = $1::uuid GROUP BY 1, 2, 3`;

// Folds an alert's rows into one per key. Safe at any time, also concurrently with itself and with
// the triggers: a row deleted by one fold is skipped by another (it waits for the row lock, then
// finds it gone), each inserts the sum of exactly the rows it deleted, and rows appended meanwhile
// are not in its snapshot, so they stay.
const COMPACT_SQL = `
WITH gone AS (
  DELETE FROM delivery_count_deltas WHERE alert_id = $1::uuid RETURNING status, reason, code, delta
)
INSERT INTO delivery_count_deltas (alert_id, status, reason, code, delta)
SELECT $1::uuid, status, reason, code, sum(delta) FROM gone GROUP BY status, reason, code HAVING sum(delta) <> 0`;

export async function compactDeliveryCounts(db: Pick<AppContext['pool'], 'query'>, alertId: string): Promise<void> {
  await db.query(COMPACT_SQL, [alertId]);
}

/** Recomputes the rollup from deliveries (after a bulk load with triggers off, or to repair). */
export async function rebuildDeliveryCounts(db: Pick<AppContext['pool'], 'query'>): Promise<void> {
  await db.query('SELECT delivery_counts_rebuild()');
}

/**
 * Counts by status for the live progress bar and the delivery report, from the rollup that
 * triggers on deliveries keep: a few rows to sum instead of counting the alert's deliveries
 * (360 ms on both cores for an alert to a million people). Cheap enough to poll every second.
 */
export async function getDeliveryProgress(ctx: Pick<AppContext, 'db' | 'pool' | 'now' | 'whatsapp'>, alertId: string): Promise<DeliveryProgress | null> {
  const alert = await ctx.db.alert.findUnique({ where: { id: alertId }, select: { status: true, pausedReason: true, publishPendingSince: true } });
  if (!alert) return null;
  const { rows: all } = await ctx.pool.query<{ status: string; reason: string | null; code: number | null; n: number; rows: number }>(COUNTS_SQL, [alertId]);
  const stored = all.reduce((a, r) => a + r.rows, 0);
  if (stored - all.length > COMPACT_AFTER_ROWS) await compactDeliveryCounts(ctx.pool, alertId);
  const rows = all.filter((r) => r.n !== 0);
  const counts: DeliveryCounts = { queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0, cancelled: 0 };
  const failures = new Map<number | null, number>();
  const skipped = new Map<string, number>();
  let waitingCount = 0;
  for (const r of rows) {
    counts[r.status.toLowerCase() as keyof DeliveryCounts] += r.n;
    if (r.status === 'FAILED') failures.set(r.code, (failures.get(r.code) ?? 0) + r.n);
    if (r.status === 'SKIPPED') skipped.set(r.reason ?? 'unknown', (skipped.get(r.reason ?? 'unknown') ?? 0) + r.n);
    if (r.status === 'QUEUED' && r.reason === 'daily_limit') waitingCount += r.n;
  }
  let waiting: DeliveryProgress['waiting'] = null;
  if (waitingCount > 0 && alert.status === 'SENDING') {
    const now = ctx.now();
    const quota = await getDailyQuota(ctx.pool, now, (await loadDailyLimit(ctx, (await loadSettings(ctx.db)).dailyRecipientLimit)).limit);
    const resumeAt = quota.remaining > 0 ? now : quota.resumeAt;
    waiting = { reason: 'daily_limit', count: waitingCount, resumeAt, message: dailyLimitMessage(waitingCount, resumeAt, now) };
  }
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    alertId,
    alertStatus: alert.status,
    total,
    counts,
    failures: [...failures].map(([code, count]) => ({ code, label: failureLabel(code), count })).sort((a, b) => b.count - a.count),
    skipped: [...skipped].map(([reason, count]) => ({ reason, label: SKIP_LABELS[reason] ?? reason, count })).sort((a, b) => b.count - a.count),
    waiting,
    pausedReason: alert.status === 'PAUSED' ? (describeQualityHold(alert.pausedReason) ?? alert.pausedReason) : null,
    pausedCode: alert.status === 'PAUSED' ? alert.pausedReason : null,
    publishing: alert.publishPendingSince !== null,
    done: alert.publishPendingSince === null && counts.queued + counts.sending === 0,
  };
}
