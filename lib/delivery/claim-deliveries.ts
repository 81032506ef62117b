import type pg from 'pg';
import type { Settings } from '../settings/defaults';
import { getDailyQuota, recheckAt } from './daily-quota';
import { DAY_MS, PAIR_GAP_MS, QUOTA_LOCK_KEY } from './options';

export interface ClaimedDelivery {
  id: string;
  alertId: string;
  subscriberId: string;
  /** Decrypted only just before the send: the number, or the BSUID of a citizen without one. */
  phoneEnc: string;
  attempts: number;
}

export interface ClaimResult {
  claimed: ClaimedDelivery[];
  skipped: number;
  /** Left waiting for the daily limit. */
  waiting: number;
  /** The alerts some of whose deliveries were left waiting for the daily limit. */
  waitingAlertIds: string[];
}

export interface ClaimInput {
  want: number;
  workerId: string;
  leaseMs: number;
  dailyLimit: Settings['dailyRecipientLimit'];
  now: Date;
}

const NO_LIMIT = 2_147_483_647;

/*
 * One alert's share of a claim. Candidates: QUEUED, due, and not breaking the pair rate (nobody
 * gets two messages within PAIR_GAP_MS, and nobody has another one in flight). Each is then
 * skipped (subscriber no longer active or reachable, or refused by Meta with 131049 in the last
 * 24 h: engagement-hold.ts), left waiting (it would need a daily-limit
 * slot and none is left) or claimed (SENDING, leased to this worker). Claimed recipients outside
 * the 24-hour window are counted toward the daily limit in the same statement.
 */
const CLAIM_SQL = `
WITH cand AS (
  SELECT d.id, d.subscriber_id, d.available_at, s.status AS sub_status, COALESCE(s.phone_enc, s.wa_user_id_enc) AS phone_enc, s.undeliverable_at, s.engagement_hold_until,
         (s.last_inbound_at IS NULL OR s.last_inbound_at <= $2) AS outside_window,
         COALESCE(s.quota_counted_at > $2, false) AS counted
    FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id
   WHERE d.alert_id = $1::uuid AND d.status = 'QUEUED' AND d.available_at <= $3
     AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.subscriber_id = d.subscriber_id AND o.id <> d.id
                      AND (o.status = 'SENDING' OR o.sent_at > $4))
   ORDER BY d.available_at
   LIMIT $5
   FOR UPDATE OF d SKIP LOCKED
), decided AS (
  SELECT c.*,
         CASE WHEN c.sub_status <> 'ACTIVE' THEN 'subscriber_inactive'
              WHEN c.phone_enc IS NULL THEN 'no_number'
              WHEN c.undeliverable_at IS NOT NULL THEN 'undeliverable'
              WHEN c.engagement_hold_until > $3 THEN 'engagement_limit' END AS skip_reason,
         (c.outside_window AND NOT c.counted) AS needs_quota
    FROM cand c
), ranked AS (
  SELECT x.*,
         CASE WHEN x.skip_reason IS NOT NULL THEN 'skip'
              WHEN x.needs_quota AND sum((x.skip_reason IS NULL AND x.needs_quota)::int) OVER (ORDER BY x.available_at, x.id) > $6 THEN 'wait'
              ELSE 'claim' END AS action
    FROM decided x
), upd AS (
  UPDATE deliveries d
     SET status = (CASE r.action WHEN 'skip' THEN 'SKIPPED' WHEN 'claim' THEN 'SENDING' ELSE 'QUEUED' END)::"DeliveryStatus",
         attempts = d.attempts + CASE WHEN r.action = 'claim' THEN 1 ELSE 0 END,
         locked_until = CASE WHEN r.action = 'claim' THEN $7::timestamptz END,
         claimed_by = CASE WHEN r.action = 'claim' THEN $8 END,
         available_at = CASE WHEN r.action = 'wait' THEN $9::timestamptz ELSE d.available_at END,
         error_detail = CASE r.action WHEN 'skip' THEN r.skip_reason WHEN 'wait' THEN 'daily_limit' ELSE d.error_detail END,
         updated_at = $3
    FROM ranked r
   WHERE d.id = r.id
  RETURNING d.id, r.action, d.subscriber_id, r.phone_enc, r.needs_quota, r.outside_window, d.attempts
), counted AS (
  UPDATE subscribers s SET quota_counted_at = $3
    FROM upd WHERE $10 AND upd.action = 'claim' AND upd.outside_window AND s.id = upd.subscriber_id
)
SELECT id::text, action, subscriber_id::text, phone_enc, needs_quota, attempts FROM upd`;

/** The rest of an alert that would need a daily-limit slot waits until one frees (one statement). */
const POSTPONE_SQL = `
UPDATE deliveries d SET available_at = $4, error_detail = 'daily_limit', updated_at = $3
  FROM subscribers s
 WHERE d.alert_id = $1::uuid AND d.status = 'QUEUED' AND d.available_at <= $3 AND s.id = d.subscriber_id
   AND (s.last_inbound_at IS NULL OR s.last_inbound_at <= $2) AND NOT COALESCE(s.quota_counted_at > $2, false)`;

interface Row {
  id: string;
  action: 'claim' | 'skip' | 'wait';
  subscriber_id: string;
  phone_enc: string | null;
  needs_quota: boolean;
  attempts: number;
}

/**
 * Claims up to `want` deliveries for this worker, urgent alerts first, then older alerts first;
 * only alerts in SENDING status. With a daily limit, claims serialise on an advisory lock so that
 * two workers never spend the same remaining slot.
 */
export async function claimDeliveries(pool: pg.Pool, input: ClaimInput): Promise<ClaimResult> {
  const out: ClaimResult = { claimed: [], skipped: 0, waiting: 0, waitingAlertIds: [] };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const alerts = await client.query<{ id: string }>(
      `SELECT id::text FROM alerts WHERE status = 'SENDING'
        ORDER BY CASE urgency WHEN 'URGENT' THEN 0 ELSE 1 END, published_at NULLS LAST, id`,
    );
    if (alerts.rows.length === 0) {
      await client.query('COMMIT');
      return out;
    }
    const now = input.now;
    const since = new Date(now.getTime() - DAY_MS);
    let remaining = NO_LIMIT;
    let recheck = now;
    if (input.dailyLimit !== 'unlimited') {
      await client.query('SELECT pg_advisory_xact_lock($1)', [QUOTA_LOCK_KEY]);
      const quota = await getDailyQuota(client, now, input.dailyLimit);
      remaining = quota.remaining;
      recheck = recheckAt(quota, now);
    }
    const lease = new Date(now.getTime() + input.leaseMs);
    const pairSince = new Date(now.getTime() - PAIR_GAP_MS);
    // With no limit nothing needs counting: one write less per message at full speed.
    const counting = input.dailyLimit !== 'unlimited';
    let want = input.want;
    for (const { id: alertId } of alerts.rows) {
      let postponed = false;
      while (want > 0) {
        if (remaining === 0 && !postponed) {
          // The limit is used up: one statement moves the rest of this alert to the recheck time.
          const moved = (await client.query(POSTPONE_SQL, [alertId, since, now, recheck])).rowCount ?? 0;
          out.waiting += moved;
          if (moved > 0 && !out.waitingAlertIds.includes(alertId)) out.waitingAlertIds.push(alertId);
          postponed = true;
        }
        const asked = want;
        const { rows } = await client.query<Row>(CLAIM_SQL, [alertId, since, now, pairSince, asked, remaining, lease, input.workerId, recheck, counting]);
        for (const r of rows) {
          if (r.action === 'skip') out.skipped++;
          else if (r.action === 'wait') {
            out.waiting++;
            if (!out.waitingAlertIds.includes(alertId)) out.waitingAlertIds.push(alertId);
          } else {
            out.claimed.push({ id: r.id, alertId, subscriberId: r.subscriber_id, phoneEnc: r.phone_enc ?? '', attempts: r.attempts });
            want--;
            if (r.needs_quota) remaining--;
          }
        }
        // Fewer candidates than asked: this alert has nothing more to give right now.
        if (rows.length < asked) break;
      }
      if (want === 0) break;
    }
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
