import type { AppContext } from '../context';
import { withPgTransaction } from '../db/pg-transaction';
import { wamidHmac } from '../privacy/wamid';
import { applyDeliveryStatuses } from '../delivery/apply-statuses';
import { recordOutboxStatuses, type StatusUpdate } from '../outbox/record-status';
import { handleInboundMessage } from '../subscriptions/handle-inbound-message';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import { applyTemplateCategory, applyTemplateStatus } from '../templates/apply-template-status';
import { applyNumberHealthEvent } from '../delivery/update-number-health';
import type { WebhookEvent } from '../whatsapp/webhook-parse';

/** How long a claimed batch is leased; a crashed worker's events come back after it. */
const LEASE = '2 minutes';
/**
 * Tries per event (each claim counts one) before it is parked: set aside with `parked_at`, never
 * claimed again, kept (payload still encrypted, last_error set) for staff to look at. With the
 * backoff below the last try comes about four minutes after the first, so a database restart or a
 * deploy does not park anything, while an event that can never be decoded stops costing work.
 */
export const MAX_ATTEMPTS = 8;
const MAX_BACKOFF_MS = 10 * 60 * 1000;
/**
 * A status may overtake the send's own bookkeeping (its wamid not stored yet, or its send timed out
 * and waits to be matched by recipient): look again every UNMATCHED_RETRY_MS for a while.
 */
const UNMATCHED_STATUS_GRACE_MS = 2 * 60 * 1000;
const UNMATCHED_RETRY_MS = 1000;
/** Decoding is CPU work: yield this often so the sender's slot timers fire on time (20 ms tolerance). */
const YIELD_EVERY = 10;

interface Claimed {
  id: string;
  kind: 'MESSAGE' | 'STATUS' | 'TEMPLATE_STATUS' | 'NUMBER_HEALTH';
  payload_enc: string | null;
  attempts: number;
  received_at: Date;
}

type StatusEvent = Extract<WebhookEvent, { kind: 'status' }>;

function decode(ctx: AppContext, row: Claimed): WebhookEvent | null {
  if (!row.payload_enc) return null;
  return JSON.parse(ctx.cipher.decrypt(row.payload_enc)) as WebhookEvent;
}

/**
 * What last_error keeps of a failure: the error's class and code and the first line of its message
 * with long digit runs (a phone number) cut out. Never the payload, never Prisma's multi-line detail.
 */
export function describeFailure(e: unknown): string {
  if (!(e instanceof Error)) return 'non-error thrown';
  const code = (e as { code?: unknown }).code;
  const firstLine = (e.message ?? '').split('\n')[0]!.replace(/\+?\d{6,}/g, '<digits>');
  return `${e.name}${typeof code === 'string' ? ` ${code}` : ''}: ${firstLine}`.slice(0, 300);
}

/** Where the inbound_events rows are written: the pool, or the transaction that holds their locks. */
type Queryable = Pick<AppContext['pool'], 'query'>;

async function markProcessed(ctx: AppContext, ids: string[], events: Queryable = ctx.pool): Promise<void> {
  if (ids.length === 0) return;
  await events.query('UPDATE inbound_events SET processed_at = now(), payload_enc = NULL, last_error = NULL WHERE id = ANY($1::bigint[])', [ids]);
}

/**
 * One event failed: retry it later with exponential backoff, or park it after MAX_ATTEMPTS. Its
 * batch goes on either way. A failure to record the failure (database gone) is logged only: the
 * lease brings the event back.
 */
async function fail(ctx: AppContext, row: Claimed, what: string, e: unknown): Promise<void> {
  const error = describeFailure(e);
  const park = row.attempts >= MAX_ATTEMPTS;
  const delayMs = Math.min(2 ** row.attempts * 1000, MAX_BACKOFF_MS);
  const fields = { event: row.id, kind: row.kind, attempts: row.attempts, error };
  if (park) ctx.log.error(`inbound event parked after ${MAX_ATTEMPTS} tries: ${what}`, fields);
  else ctx.log.warn(`inbound event failed, retried in ${delayMs} ms: ${what}`, fields);
  try {
    await ctx.pool.query(
      `UPDATE inbound_events SET available_at = now() + ($2::int * interval '1 millisecond'), last_error = $3,
              parked_at = CASE WHEN $4 THEN now() END
        WHERE id = $1 AND processed_at IS NULL`,
      [row.id, delayMs, error, park],
    );
  } catch (e2) {
    ctx.log.error('recording an inbound failure failed', { event: row.id, error: describeFailure(e2) });
  }
}

/**
 * Claims up to `limit` pending events (FOR UPDATE SKIP LOCKED: several workers never take the same
 * one; parked ones are skipped) and applies them. Every event stands alone: one that cannot be
 * decoded or applied is retried or parked (see `fail`) and the others of its batch, opt-outs
 * included, go on. Statuses are applied in one batch statement, and one by one if that batch
 * fails; each message runs its use case and its "processed" mark in one transaction. Returns the
 * number of events claimed.
 */
export async function processInboundBatch(ctx: AppContext, limit = 200): Promise<number> {
  const statuses = await processStatusBatch(ctx, limit);
  if (statuses >= limit) return statuses;
  // Statuses are the fast path's, unless it failed (-1): then the leased path takes them too.
  return Math.max(statuses, 0) + (await processLeasedBatch(ctx, limit, statuses < 0));
}

/**
 * The common case, at thousands of status webhooks per second: pending statuses are locked in a
 * transaction (FOR UPDATE SKIP LOCKED: other workers skip them), applied, and marked processed
 * when it commits. That is one write per event instead of two (no lease to take first). Applying a
 * status is idempotent, so a crash before the commit only means they are applied again. Anything
 * failing (a payload that cannot be decoded, a status the batch statement refuses) rolls the
 * transaction back and leaves the batch to the leased path below, which counts the attempts and
 * parks what keeps failing.
 */
async function processStatusBatch(ctx: AppContext, limit: number): Promise<number> {
  try {
    return await withPgTransaction(ctx.pool, async (client) => {
      // Statuses apply in any order: the pending index (processed_at, kind, available_at) gives them
      // in its order (spelled out whole: the planner does not take IS NULL as an equality that would
      // let ORDER BY available_at alone follow the index) and the scan stops at the limit. A bitmap scan (the planner's pick on stale
      // statistics) would sort every pending status and, unlike an index scan, never mark the index
      // entries of processed events dead, so each claim would walk all of them until the next vacuum.
      await client.query('SET LOCAL enable_bitmapscan = off');
      const { rows } = await client.query<Claimed>(
        `SELECT id::text, kind, payload_enc, attempts, received_at FROM inbound_events
        WHERE processed_at IS NULL AND kind = 'STATUS' AND available_at <= now() AND parked_at IS NULL
        ORDER BY processed_at, kind, available_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      const items: { row: Claimed; event: StatusEvent }[] = [];
      for (const [i, row] of rows.entries()) {
        if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
        const event = decode(ctx, row);
        if (event?.kind !== 'status') throw new Error('not a status event');
        items.push({ row, event });
      }
      await applyStatuses(ctx, items, client);
      return rows.length;
    });
  } catch (e) {
    ctx.log.warn('status batch failed; its events go through the leased path', { error: describeFailure(e) });
    return -1;
  }
}

/** Every kind of event, each with a lease and an attempt counted (see processInboundBatch). */
async function processLeasedBatch(ctx: AppContext, limit: number, withStatuses: boolean): Promise<number> {
  const { rows } = await ctx.pool.query<Claimed>(
    `UPDATE inbound_events SET attempts = attempts + 1, available_at = now() + interval '${LEASE}'
      WHERE id IN (SELECT id FROM inbound_events
                    WHERE processed_at IS NULL AND available_at <= now() AND parked_at IS NULL
                      AND ($2 OR kind <> 'STATUS')
                    -- inbound_events_pending_idx (processed_at, kind, available_at) finds the pending
                    -- rows without reading the days of processed ones kept for deduplication.
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, kind, payload_enc, attempts, received_at`,
    [limit, withStatuses],
  );
  if (rows.length === 0) return 0;
  rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  const statuses: { row: Claimed; event: StatusEvent }[] = [];
  const messages: { row: Claimed; event: Extract<WebhookEvent, { kind: 'message' }> }[] = [];
  const done: string[] = [];
  let templateEvents = 0;
  for (const [i, row] of rows.entries()) {
    // Decrypting a batch is CPU work: let timers (the alert sender's send slots) run in between.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    let event: WebhookEvent | null;
    try {
      event = decode(ctx, row);
    } catch (e) {
      // Another data key, a corrupt ciphertext: no retry will help, but a wrong key is an operator
      // error that a restart fixes, so it runs the same MAX_ATTEMPTS as any failure.
      await fail(ctx, row, 'undecodable payload', e);
      continue;
    }
    if (!event) done.push(row.id);
    else if (event.kind === 'status') statuses.push({ row, event });
    else if (event.kind === 'message') messages.push({ row, event });
    else if (event.kind === 'number_health') {
      try {
        await applyNumberHealthEvent(ctx, event);
        done.push(row.id);
      } catch (e) {
        await fail(ctx, row, 'number health', e);
      }
    } else {
      try {
        if (event.kind === 'template_category') await applyTemplateCategory(ctx, event);
        else await applyTemplateStatus(ctx, event);
        done.push(row.id);
        templateEvents++;
      } catch (e) {
        await fail(ctx, row, 'template event', e);
      }
    }
  }
  await markProcessed(ctx, done);
  // A template moved to MARKETING holds the alerts sending with it; a decision releases them.
  if (templateEvents > 0) {
    try {
      await reconcileTemplateHolds(ctx);
    } catch (e) {
      // The events are stored; the next template event, send decision or maintenance reconciles.
      ctx.log.error('template holds not reconciled after template events', { error: describeFailure(e) });
    }
  }
  try {
    await applyStatuses(ctx, statuses);
  } catch {
    // One bad status must not hold the others back: apply them one by one to find it.
    for (const item of statuses) {
      try {
        await applyStatuses(ctx, [item]);
      } catch (e) {
        await fail(ctx, item.row, 'status', e);
      }
    }
  }
  for (const { row, event } of messages) {
    try {
      const outcome = await ctx.db.$transaction(async (tx) => {
        const result = await handleInboundMessage(ctx, tx, BigInt(row.id), event);
        await tx.$executeRaw`UPDATE inbound_events SET processed_at = now(), payload_enc = NULL, last_error = NULL WHERE id = ${BigInt(row.id)}`;
        return result;
      });
      ctx.log.info('inbound message', { event: row.id, type: event.content.type, outcome });
    } catch (e) {
      await fail(ctx, row, 'message', e);
    }
  }
  return rows.length;
}

async function applyStatuses(ctx: AppContext, items: { row: Claimed; event: StatusEvent }[], events: Queryable = ctx.pool): Promise<void> {
  if (items.length === 0) return;
  // The outbox stores the wamid's keyed HMAC only (lib/privacy/wamid.ts).
  const hmacOf = new Map(items.map((i) => [i.event.wamid, wamidHmac(ctx.cipher, i.event.wamid)]));
  const outboxHmacs = new Set(
    (
      await ctx.pool.query<{ h: string }>('SELECT wamid_hmac AS h FROM outbound_messages WHERE wamid_hmac = ANY($1::text[])', [[...new Set(hmacOf.values())]])
    ).rows.map((r) => r.h),
  );
  const outbox = new Set([...hmacOf].filter(([, h]) => outboxHmacs.has(h)).map(([w]) => w));
  const detail = (e: StatusEvent) => {
    const err = e.errors[0];
    return { errorCode: err?.code ?? null, errorDetail: err ? `${err.title}${err.details ? `: ${err.details}` : ''}` : null };
  };
  const updates: StatusUpdate[] = items
    .filter((i) => outbox.has(i.event.wamid))
    .map(({ event }) => ({ wamidHmac: hmacOf.get(event.wamid) as string, status: event.status, ...detail(event) }));
  // Alert deliveries (lib/delivery/apply-statuses.ts): matched by wamid, or by recipient for a send
  // whose answer was lost.
  const delivered = await applyDeliveryStatuses(
    ctx,
    items
      .filter((i) => !outbox.has(i.event.wamid))
      .map(({ event }) => ({
        wamid: event.wamid,
        status: event.status,
        at: new Date(event.timestamp),
        recipient: event.recipient,
        recipientUserId: event.recipientUserId,
        ...detail(event),
      })),
  );
  await recordOutboxStatuses(ctx.pool, updates);
  const done: string[] = [];
  const later: string[] = [];
  for (const { row, event } of items) {
    const known = outbox.has(event.wamid) || delivered.has(event.wamid);
    if (!known && Date.now() - new Date(row.received_at).getTime() < UNMATCHED_STATUS_GRACE_MS) later.push(row.id);
    else done.push(row.id);
  }
  await markStatusesProcessed(ctx, done, items, events);
  if (later.length > 0) {
    // Not counted against MAX_ATTEMPTS: the send's own bookkeeping decides when it becomes known.
    await events.query(
      `UPDATE inbound_events SET available_at = now() + ($2::int * interval '1 millisecond'), last_error = 'status for an unknown wamid (yet)'
        WHERE id = ANY($1::bigint[])`,
      [later, UNMATCHED_RETRY_MS],
    );
  }
}

/**
 * Marks statuses processed and, in the same statement, counts the `delivered` ones Meta priced
 * (the month's spend, lib/stats/get-month-spend.ts): only rows this statement marks are counted,
 * so a status applied twice (a retry after a lost commit) is never counted twice.
 */
async function markStatusesProcessed(
  ctx: AppContext,
  ids: string[],
  items: { row: Claimed; event: StatusEvent }[],
  events: Queryable = ctx.pool,
): Promise<void> {
  if (ids.length === 0) return;
  const doneSet = new Set(ids);
  const priced = items.filter((i) => doneSet.has(i.row.id) && i.event.status === 'delivered' && i.event.pricing);
  if (priced.length === 0) return markProcessed(ctx, ids, events);
  await events.query(
    `WITH done AS (
       UPDATE inbound_events SET processed_at = now(), payload_enc = NULL, last_error = NULL
        WHERE id = ANY($1::bigint[]) AND processed_at IS NULL RETURNING id
     ), c AS (
       SELECT date_trunc('month', (to_timestamp(x.ts / 1000.0) AT TIME ZONE 'Europe/Rome'))::date AS month,
              x.category, x.ptype, x.billable
         FROM unnest($2::bigint[], $3::float8[], $4::text[], $5::text[], $6::boolean[]) AS x(id, ts, category, ptype, billable)
         JOIN done ON done.id = x.id
     )
     INSERT INTO message_charges AS m (month, category, pricing_type, billable, count, updated_at)
     SELECT month, category, ptype, billable, count(*), now() FROM c GROUP BY 1, 2, 3, 4
     ON CONFLICT (month, category, pricing_type, billable) DO UPDATE SET count = m.count + excluded.count, updated_at = now()`,
    [
      ids,
      priced.map((i) => i.row.id),
      priced.map((i) => new Date(i.event.timestamp).getTime()),
      priced.map((i) => i.event.pricing!.category),
      priced.map((i) => i.event.pricing!.type ?? ''),
      // Meta omits `billable` on some statuses: a priced message is billable unless it says otherwise.
      priced.map((i) => i.event.pricing!.billable ?? true),
    ],
  );
}
