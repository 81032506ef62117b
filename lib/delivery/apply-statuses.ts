import type { AppContext } from '../context';
import { waUserIdHmac } from '../privacy/wa-user-id';
import { wamidHmac } from '../privacy/wamid';
import { classifyGraphError } from '../whatsapp/errors';
import type { StatusValue } from '../whatsapp/webhook-parse';
import { pauseAlert, pauseAllSending } from './pause-alert';
import { holdRecipients } from './engagement-hold';

export interface DeliveryStatusUpdate {
  wamid: string;
  status: StatusValue;
  /** Meta's timestamp of the status. */
  at: Date;
  /** E.164 recipient, when Meta gives it: lets a status find a send whose answer we never got. */
  recipient: string | null;
  /** The recipient's business-scoped user id (`recipient_user_id`): the same, for a citizen without a number. */
  recipientUserId?: string | null;
  errorCode: number | null;
  errorDetail: string | null;
}

/*
 * In the SQL below `wamid` is always the keyed HMAC of the wamid (lib/privacy/wamid.ts): the
 * database never sees a clear wamid. Statuses arrive at least once, in any order and in batches. Per wamid the batch is folded first
 * (best success, earliest timestamps), then applied monotonically: SENT < DELIVERED < READ; FAILED
 * replaces QUEUED/SENDING/SENT but never DELIVERED/READ; a DELIVERED/READ replaces FAILED (Meta
 * delivered it after all); a late `sent` never undoes anything. Timestamps keep the earliest value.
 * Applying the same batch twice changes nothing.
 */
export const APPLY_SQL = `
WITH x AS (
  SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::int[], $5::text[]) AS x(wamid, status, at, code, detail)
), u AS (
  SELECT wamid,
         max(CASE status WHEN 'read' THEN 3 WHEN 'delivered' THEN 2 WHEN 'sent' THEN 1 ELSE 0 END) AS best,
         bool_or(status = 'failed') AS failed,
         min(at) FILTER (WHERE status = 'sent') AS sent_at,
         min(at) FILTER (WHERE status = 'delivered') AS delivered_at,
         min(at) FILTER (WHERE status = 'read') AS read_at,
         min(at) FILTER (WHERE status = 'failed') AS failed_at,
         (array_agg(code) FILTER (WHERE status = 'failed'))[1] AS code,
         (array_agg(detail) FILTER (WHERE status = 'failed'))[1] AS detail
    FROM x GROUP BY wamid
), n AS (
  SELECT d.id, d.status::text AS prev, u.code, u.detail,
         CASE WHEN u.best = 3 OR d.status = 'READ' THEN 'READ'
              WHEN u.best = 2 OR d.status = 'DELIVERED' THEN 'DELIVERED'
              WHEN d.status = 'FAILED' OR u.failed THEN 'FAILED'
              WHEN u.best = 1 OR d.status = 'SENT' THEN 'SENT'
              ELSE d.status::text END AS next,
         COALESCE(d.sent_at, u.sent_at, u.delivered_at, u.read_at) AS sent_at,
         LEAST(d.delivered_at, u.delivered_at, u.read_at) AS delivered_at,
         LEAST(d.read_at, u.read_at) AS read_at,
         u.failed_at
    -- One index look-up per wamid (OFFSET 0 keeps the planner from turning this into a hash join
    -- over a sequential scan of deliveries, its pick for a small table on stale statistics).
    FROM u CROSS JOIN LATERAL (SELECT * FROM deliveries d0 WHERE d0.wamid_hmac = u.wamid OFFSET 0) d
), c AS (
  SELECT n.*, CASE WHEN n.next = 'FAILED' THEN LEAST(d.failed_at, n.failed_at) ELSE d.failed_at END AS new_failed_at
    FROM n JOIN deliveries d ON d.id = n.id
)
UPDATE deliveries d
   SET status = c.next::"DeliveryStatus",
       sent_at = c.sent_at,
       delivered_at = c.delivered_at,
       read_at = c.read_at,
       failed_at = c.new_failed_at,
       error_code = CASE WHEN c.next = 'FAILED' AND c.prev <> 'FAILED' THEN c.code ELSE d.error_code END,
       error_detail = CASE WHEN c.next = 'FAILED' AND c.prev <> 'FAILED' THEN c.detail ELSE d.error_detail END,
       locked_until = CASE WHEN c.next IN ('SENDING', 'QUEUED') THEN d.locked_until END,
       claimed_by = CASE WHEN c.next IN ('SENDING', 'QUEUED') THEN d.claimed_by END,
       updated_at = now()
  FROM c
 WHERE d.id = c.id
   -- Nothing new (a replay, a late status already reflected): leave the row alone.
   AND (c.next <> c.prev OR c.sent_at IS DISTINCT FROM d.sent_at OR c.delivered_at IS DISTINCT FROM d.delivered_at
        OR c.read_at IS DISTINCT FROM d.read_at OR c.new_failed_at IS DISTINCT FROM d.failed_at)
RETURNING d.wamid_hmac AS wamid, d.alert_id::text, d.subscriber_id::text, d.status::text, c.prev, d.error_code`;

/*
 * A status for a wamid we never stored: the send's answer was lost (timeout, crash) but Meta got
 * it. The recipient finds the delivery still SENDING without a wamid and not leased to a live
 * worker (outcome unknown, or lease expired); it adopts the wamid instead of being sent again.
 */
const ADOPT_SQL = `
WITH x AS (
  SELECT DISTINCT ON (wamid) wamid, hmac FROM unnest($1::text[], $2::text[]) AS x(wamid, hmac)
), c AS (
  SELECT DISTINCT ON (x.wamid) x.wamid, d.id
    FROM x JOIN subscribers s ON s.phone_hmac = x.hmac OR s.wa_user_id_hmac = x.hmac JOIN deliveries d ON d.subscriber_id = s.id
   WHERE d.status = 'SENDING' AND d.wamid_hmac IS NULL AND (d.claimed_by IS NULL OR d.locked_until < $3)
     AND NOT EXISTS (SELECT 1 FROM deliveries k WHERE k.wamid_hmac = x.wamid)
   ORDER BY x.wamid, d.id
)
UPDATE deliveries d SET wamid_hmac = c.wamid, status = 'SENT', sent_at = COALESCE(d.sent_at, $3), locked_until = NULL,
       claimed_by = NULL, error_detail = NULL, updated_at = now()
  FROM c WHERE d.id = c.id AND d.wamid_hmac IS NULL
RETURNING d.wamid_hmac AS wamid`;

/**
 * Applies status webhooks to deliveries in two statements. Returns the wamids that matched a
 * delivery, so the caller knows which statuses are still unknown (their send may not be stored yet).
 */
export async function applyDeliveryStatuses(ctx: AppContext, updates: DeliveryStatusUpdate[]): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  // wamid -> its HMAC and back: callers speak wamids, the database stores only HMACs.
  const hmacOf = new Map<string, string>();
  const wamidOf = new Map<string, string>();
  for (const u of updates) {
    if (hmacOf.has(u.wamid)) continue;
    const h = wamidHmac(ctx.cipher, u.wamid);
    hmacOf.set(u.wamid, h);
    wamidOf.set(h, u.wamid);
  }
  const h = (u: DeliveryStatusUpdate) => hmacOf.get(u.wamid) as string;
  const known = new Set(
    (await ctx.pool.query<{ wamid: string }>('SELECT wamid_hmac AS wamid FROM deliveries WHERE wamid_hmac = ANY($1::text[])', [[...wamidOf.keys()]])).rows.map(
      (r) => wamidOf.get(r.wamid) as string,
    ),
  );
  // The recipient by number, or by BSUID for a citizen without one (the two HMACs never collide).
  const recipientHmac = (u: DeliveryStatusUpdate) =>
    u.recipient ? ctx.cipher.hmac(u.recipient) : u.recipientUserId ? waUserIdHmac(ctx.cipher, u.recipientUserId) : null;
  const orphans = updates.filter((u) => !known.has(u.wamid) && recipientHmac(u) !== null);
  if (orphans.length > 0) {
    const adopted = await ctx.pool.query<{ wamid: string }>(ADOPT_SQL, [orphans.map(h), orphans.map((u) => recipientHmac(u) as string), ctx.now()]);
    for (const r of adopted.rows) known.add(wamidOf.get(r.wamid) as string);
  }
  const matched = updates.filter((u) => known.has(u.wamid));
  if (matched.length === 0) return known;
  const { rows } = await ctx.pool.query<{ wamid: string; alert_id: string; subscriber_id: string; status: string; prev: string; error_code: number | null }>(
    APPLY_SQL,
    [
      matched.map(h),
      matched.map((u) => u.status),
      matched.map((u) => u.at),
      matched.map((u) => u.errorCode),
      matched.map((u) => u.errorDetail?.slice(0, 500) ?? null),
    ],
  );
  // Only on the transition to FAILED: a replayed status must not pause an alert staff resumed.
  await failureEffects(
    ctx,
    rows.filter((r) => r.status === 'FAILED' && r.prev !== 'FAILED' && r.error_code !== null),
  );
  return known;
}

/** A `failed` status can carry the same errors as a send: 131026 flags the number, 131048/368 pause. */
async function failureEffects(ctx: AppContext, failed: { alert_id: string; subscriber_id: string; error_code: number | null }[]): Promise<void> {
  const flag = failed.filter((f) => classifyGraphError(f.error_code as number).action === 'flag_subscriber').map((f) => f.subscriber_id);
  if (flag.length > 0) {
    await ctx.pool.query('UPDATE subscribers SET undeliverable_at = COALESCE(undeliverable_at, $2) WHERE id = ANY($1::uuid[])', [flag, ctx.now()]);
  }
  const hold = failed.filter((f) => classifyGraphError(f.error_code as number).action === 'hold_recipient').map((f) => f.subscriber_id);
  if (hold.length > 0) await holdRecipients(ctx, hold);
  for (const f of failed) {
    const action = classifyGraphError(f.error_code as number).action;
    if (action === 'pause_alert') {
      await pauseAlert(
        ctx,
        f.alert_id,
        'Meta ha segnalato troppi messaggi considerati spam (errore 131048): invio sospeso. Controlla il testo prima di riprendere.',
        { code: f.error_code },
      );
    } else if (action === 'stop_sending') {
      await pauseAllSending(ctx, `Meta ha bloccato gli invii (errore ${f.error_code}): tutti gli invii sono sospesi.`, f.error_code);
    }
  }
}
