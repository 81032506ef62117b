import type { AppContext } from '../context';
import { wamidHmac } from '../privacy/wamid';
import { applyDeliveryStatuses } from '../delivery/apply-statuses';
import { recordOutboxStatuses, type StatusUpdate } from '../outbox/record-status';
import { handleInboundMessage } from '../subscriptions/handle-inbound-message';
import { applyTemplateStatus } from '../templates/apply-template-status';
import type { WebhookEvent } from '../whatsapp/webhook-parse';

/** How long a claimed batch is leased; a crashed worker's events come back after it. */
const LEASE = '2 minutes';
const MAX_ATTEMPTS = 8;
/**
 * A status may overtake the send's own bookkeeping (its wamid not stored yet, or its send timed out
 * and waits to be matched by recipient): look again every UNMATCHED_RETRY_MS for a while.
 */
const UNMATCHED_STATUS_GRACE_MS = 2 * 60 * 1000;
const UNMATCHED_RETRY_MS = 1000;
const YIELD_EVERY = 50;

interface Claimed {
  id: string;
  kind: 'MESSAGE' | 'STATUS' | 'TEMPLATE_STATUS';
  payload_enc: string | null;
  attempts: number;
  received_at: Date;
}

function decode(ctx: AppContext, row: Claimed): WebhookEvent | null {
  if (!row.payload_enc) return null;
  return JSON.parse(ctx.cipher.decrypt(row.payload_enc)) as WebhookEvent;
}

async function markProcessed(ctx: AppContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await ctx.pool.query('UPDATE inbound_events SET processed_at = now(), payload_enc = NULL, last_error = NULL WHERE id = ANY($1::bigint[])', [ids]);
}

async function release(ctx: AppContext, row: Claimed, error: string, delayMs: number): Promise<void> {
  // After MAX_ATTEMPTS the event is parked (processed, error kept, payload kept encrypted for staff).
  await ctx.pool.query(
    `UPDATE inbound_events SET available_at = now() + ($2::int * interval '1 millisecond'), last_error = $3,
            processed_at = CASE WHEN attempts >= $4 THEN now() END
      WHERE id = $1`,
    [row.id, delayMs, error.slice(0, 1000), MAX_ATTEMPTS],
  );
}

/**
 * Claims up to `limit` unprocessed events (FOR UPDATE SKIP LOCKED: several workers never take the
 * same one) and applies them. Statuses are applied in one batch statement; each message runs its
 * use case and its "processed" mark in one transaction. Returns the number of events claimed.
 */
export async function processInboundBatch(ctx: AppContext, limit = 200): Promise<number> {
  const { rows } = await ctx.pool.query<Claimed>(
    `UPDATE inbound_events SET attempts = attempts + 1, available_at = now() + interval '${LEASE}'
      WHERE id IN (SELECT id FROM inbound_events
                    WHERE processed_at IS NULL AND available_at <= now()
                    -- inbound_events_pending_idx (processed_at, available_at) finds the pending rows
                    -- without reading the days of processed ones kept for deduplication.
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, kind, payload_enc, attempts, received_at`,
    [limit],
  );
  if (rows.length === 0) return 0;
  rows.sort((a, b) => Number(BigInt(a.id) - BigInt(b.id)));
  const statuses: { row: Claimed; event: Extract<WebhookEvent, { kind: 'status' }> }[] = [];
  const done: string[] = [];
  for (const [i, row] of rows.entries()) {
    // Decrypting a batch is CPU work: let timers (the alert sender's send slots) run in between.
    if (i > 0 && i % YIELD_EVERY === 0) await new Promise((r) => setImmediate(r));
    const event = decode(ctx, row);
    if (!event) done.push(row.id);
    else if (event.kind === 'status') statuses.push({ row, event });
    else if (event.kind === 'template_status') {
      try {
        await applyTemplateStatus(ctx, event);
        done.push(row.id);
      } catch (e) {
        ctx.log.error('template status failed', { event: row.id, error: e });
        await release(ctx, row, (e as Error).message ?? String(e), Math.min(2 ** row.attempts * 1000, 10 * 60 * 1000));
      }
    }
  }
  await markProcessed(ctx, done);
  await applyStatuses(ctx, statuses);
  for (const row of rows) {
    if (row.kind !== 'MESSAGE' || !row.payload_enc) continue;
    const event = decode(ctx, row);
    if (event?.kind !== 'message') continue;
    try {
      const outcome = await ctx.db.$transaction(async (tx) => {
        const result = await handleInboundMessage(ctx, tx, BigInt(row.id), event);
        await tx.$executeRaw`UPDATE inbound_events SET processed_at = now(), payload_enc = NULL, last_error = NULL WHERE id = ${BigInt(row.id)}`;
        return result;
      });
      ctx.log.info('inbound message', { event: row.id, type: event.content.type, outcome });
    } catch (e) {
      ctx.log.error('inbound message failed', { event: row.id, attempts: row.attempts, error: e });
      await release(ctx, row, (e as Error).message ?? String(e), Math.min(2 ** row.attempts * 1000, 10 * 60 * 1000));
    }
  }
  return rows.length;
}

async function applyStatuses(ctx: AppContext, items: { row: Claimed; event: Extract<WebhookEvent, { kind: 'status' }> }[]): Promise<void> {
  if (items.length === 0) return;
  // The outbox stores the wamid's keyed HMAC only (lib/privacy/wamid.ts).
  const hmacOf = new Map(items.map((i) => [i.event.wamid, wamidHmac(ctx.cipher, i.event.wamid)]));
  const outboxHmacs = new Set(
    (
      await ctx.pool.query<{ h: string }>('SELECT wamid_hmac AS h FROM outbound_messages WHERE wamid_hmac = ANY($1::text[])', [[...new Set(hmacOf.values())]])
    ).rows.map((r) => r.h),
  );
  const outbox = new Set([...hmacOf].filter(([, h]) => outboxHmacs.has(h)).map(([w]) => w));
  const detail = (e: Extract<WebhookEvent, { kind: 'status' }>) => {
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
      .map(({ event }) => ({ wamid: event.wamid, status: event.status, at: new Date(event.timestamp), recipient: event.recipient, ...detail(event) })),
  );
  await recordOutboxStatuses(ctx.pool, updates);
  const done: string[] = [];
  const later: string[] = [];
  for (const { row, event } of items) {
    const known = outbox.has(event.wamid) || delivered.has(event.wamid);
    if (!known && Date.now() - new Date(row.received_at).getTime() < UNMATCHED_STATUS_GRACE_MS) later.push(row.id);
    else done.push(row.id);
  }
  await markProcessed(ctx, done);
  if (later.length > 0) {
    // Not counted against MAX_ATTEMPTS: the send's own bookkeeping decides when it becomes known.
    await ctx.pool.query(
      `UPDATE inbound_events SET available_at = now() + ($2::int * interval '1 millisecond'), last_error = 'status for an unknown wamid (yet)'
        WHERE id = ANY($1::bigint[])`,
      [later, UNMATCHED_RETRY_MS],
    );
  }
}
