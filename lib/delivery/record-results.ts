import type { AppContext } from '../context';
import { wamidHmac } from '../privacy/wamid';
import { pauseAlert, pauseAllSending } from './pause-alert';
import { holdRecipients } from './engagement-hold';
import { slowDown } from './rate-limiter';
import type { Outcome } from './send-outcome';

/** A finished send attempt (or a claim given back unsent: `release`). */
export interface SendResult {
  id: string;
  alertId: string;
  subscriberId: string;
  outcome: Outcome | { kind: 'release' };
  at: Date;
}

/*
 * One statement per batch. Only rows still leased to this worker are touched: if the lease was
 * lost (the process stalled past it and another worker took the row over), the newer claim wins.
 * `release` and `pause` give the claim back without counting an attempt. A claim given back (or to
 * retry) for an alert staff stopped meanwhile is CANCELLED at once rather than queued again: the
 * stop (lib/alerts/cancel-alert.ts) cancelled the queued rows, and these were leased, not sent.
 */
const RECORD_SQL = `
UPDATE deliveries d
   SET status = (CASE u.kind WHEN 'sent' THEN 'SENT' WHEN 'failed' THEN 'FAILED' WHEN 'uncertain' THEN 'SENDING'
                    ELSE CASE WHEN a.status = 'CANCELLED' THEN 'CANCELLED' ELSE 'QUEUED' END END)::"DeliveryStatus",
       wamid_hmac = CASE WHEN u.kind = 'sent' THEN u.wamid_hmac ELSE d.wamid_hmac END,
       sent_at = CASE WHEN u.kind = 'sent' THEN u.at ELSE d.sent_at END,
       failed_at = CASE WHEN u.kind = 'failed' THEN u.at ELSE d.failed_at END,
       available_at = CASE WHEN u.kind IN ('retry', 'release') THEN u.available_at ELSE d.available_at END,
       locked_until = CASE WHEN u.kind = 'uncertain' THEN u.at END,
       claimed_by = NULL,
       attempts = CASE WHEN u.kind = 'release' THEN GREATEST(d.attempts - 1, 0) ELSE d.attempts END,
       error_code = CASE u.kind WHEN 'sent' THEN NULL WHEN 'release' THEN d.error_code ELSE u.code END,
       error_detail = CASE u.kind WHEN 'sent' THEN NULL WHEN 'release' THEN d.error_detail ELSE u.detail END,
       updated_at = u.at
  FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::int[], $7::text[])
       AS u(id, kind, wamid_hmac, at, available_at, code, detail), alerts a
 WHERE d.id = u.id AND a.id = d.alert_id AND d.claimed_by = $8 AND d.status = 'SENDING'
   AND (u.kind <> 'sent' OR NOT EXISTS (SELECT 1 FROM deliveries x WHERE x.wamid_hmac = u.wamid_hmac))`;

function row(ctx: AppContext, r: SendResult): [string, string, string | null, Date, Date | null, number | null, string | null] {
  const o = r.outcome;
  switch (o.kind) {
    case 'sent':
      // The wamid holds the recipient's number: only its keyed HMAC is stored.
      return [r.id, 'sent', wamidHmac(ctx.cipher, o.wamid), r.at, null, null, null];
    case 'retry':
      return [r.id, 'retry', null, r.at, new Date(r.at.getTime() + o.delayMs), o.code, o.detail];
    case 'failed':
      return [r.id, 'failed', null, r.at, null, o.code, o.detail];
    case 'uncertain':
      return [r.id, 'uncertain', null, r.at, null, null, `esito incerto: ${o.detail}`.slice(0, 500)];
    case 'pause':
    case 'release':
      return [r.id, 'release', null, r.at, r.at, null, null];
  }
}

/**
 * Stores a batch of results, then applies what they imply beyond the row: numbers Meta says are
 * not on WhatsApp are flagged, alerts are paused (with an audit entry), and a 130429 slows every
 * worker through the shared limiter. Returns the alerts that must not be sent any more.
 */
export async function recordResults(ctx: AppContext, workerId: string, limiterKey: string, results: SendResult[]): Promise<string[]> {
  if (results.length === 0) return [];
  const cols: [string[], string[], (string | null)[], Date[], (Date | null)[], (number | null)[], (string | null)[]] = [[], [], [], [], [], [], []];
  for (const r of results) row(ctx, r).forEach((v, i) => (cols[i] as unknown[]).push(v));
  await ctx.pool.query(RECORD_SQL, [...cols, workerId]);

  const flag = results.filter((r) => r.outcome.kind === 'failed' && r.outcome.flagSubscriber).map((r) => r.subscriberId);
  if (flag.length > 0) {
    await ctx.pool.query('UPDATE subscribers SET undeliverable_at = COALESCE(undeliverable_at, $2) WHERE id = ANY($1::uuid[])', [flag, ctx.now()]);
  }
  const hold = results.filter((r) => r.outcome.kind === 'failed' && r.outcome.holdRecipient).map((r) => r.subscriberId);
  if (hold.length > 0) await holdRecipients(ctx, hold);
  if (results.some((r) => r.outcome.kind === 'retry' && r.outcome.slowDown)) await slowDown(ctx.pool, limiterKey);
  const pauses = new Map<string, Extract<Outcome, { kind: 'pause' }>>();
  for (const r of results) if (r.outcome.kind === 'pause') pauses.set(r.outcome.scope === 'all' ? '*' : r.alertId, r.outcome);
  const pausedAll: string[] = [];
  for (const [alertId, p] of pauses) {
    const paused =
      alertId === '*' ? await pauseAllSending(ctx, p.reason, p.code) : (await pauseAlert(ctx, alertId, p.reason, { code: p.code })) ? [alertId] : [];
    if (paused.length > 0) ctx.log.warn('alert paused by Meta error', { alerts: paused, code: p.code, detail: p.detail });
    pausedAll.push(...(alertId === '*' ? paused : [alertId]));
  }
  return pausedAll;
}
