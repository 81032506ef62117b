/**
 * Streaming publishing. The send decision (publish-alert.ts `publishLocked`, in the caller's
 * transaction with the alert row locked and the audit entry) queues only the first batch of
 * deliveries; when it commits the workers are woken and sending starts, while this file queues
 * the rest, one committed batch at a time, in subscriber id order:
 *
 * - each batch locks the alert row, reads `publish_cursor` (the last subscriber id handled), queues
 *   the next recipients after it and moves the cursor in the same transaction: a crash loses at
 *   most the batch in flight, which rolls back whole, and whoever continues starts after the cursor;
 *   two publishers at once (the request and a worker taking over) take turns on the row lock and
 *   never queue anyone twice (the unique alert+subscriber would refuse it anyway);
 * - the weekly cap of a normal alert is the one in force when it went out (`publish_weekly_cap`,
 *   counted since its `published_at`), applied per subscriber as in the count shown before sending;
 *   the daily limit is counted when deliveries are claimed, so batches do not change it;
 * - `recipient_count` grows with each batch and is final when `publish_pending_since` is cleared;
 *   until then the alert cannot be completed (housekeeping.ts) and the progress bar says it is
 *   still being prepared (progress.ts `publishing`).
 *
 * The request that sent the alert continues at once (`finishPublishing`) and answers with the full
 * count; a worker continues any publication that made no progress for STALL_MS (a crashed or
 * stopped web process), see `resumeStalledPublishing`.
 */
import { performance } from 'node:perf_hooks';
import type { AppContext } from '../context';
import { createDeliveryBatch } from '../delivery/create-deliveries';
import { WEEK_MS } from '../delivery/recipients';
import type { Prisma } from '../generated/prisma/client';
import { TX_OPTIONS } from './alert-record';

type Tx = Prisma.TransactionClient;

/** Small, so the first messages go within a few milliseconds of the decision. */
export const FIRST_BATCH = 500;
/** Later batches: large enough that the per-transaction cost does not matter, short enough (~0.1 s) not to hold the row. */
export const BATCH = 5000;
/** A publication without a batch for this long is continued by a worker. */
export const STALL_MS = 10_000;

/**
 * Topic ids an alert goes to: null for the welcome (everyone) and for a correction (whoever
 * received the original, whatever their topics now: `recipientsOf`); every active topic for "all topics".
 */
export async function audience(
  tx: Pick<Tx, 'topic' | 'alertTopic'>,
  alert: { id: string; isWelcome: boolean; allTopics: boolean; correctsAlertId: string | null },
): Promise<string[] | null> {
  if (alert.isWelcome || alert.correctsAlertId) return null;
  if (alert.allTopics) return (await tx.topic.findMany({ where: { active: true }, select: { id: true } })).map((t) => t.id);
  return (await tx.alertTopic.findMany({ where: { alertId: alert.id }, select: { topicId: true } })).map((t) => t.topicId);
}

/** Zone ids an alert is for: null (the whole town) when it has none, and for the welcome and corrections. */
export async function audienceZones(
  tx: Pick<Tx, 'alertZone'>,
  alert: { id: string; isWelcome: boolean; correctsAlertId: string | null },
): Promise<string[] | null> {
  if (alert.isWelcome || alert.correctsAlertId) return null;
  const rows = await tx.alertZone.findMany({ where: { alertId: alert.id }, select: { zoneId: true } });
  return rows.length > 0 ? rows.map((r) => r.zoneId) : null;
}

interface PendingRow {
  id: string;
  status: string;
  urgency: string;
  is_welcome: boolean;
  all_topics: boolean;
  published_at: Date | null;
  publish_cursor: string | null;
  publish_weekly_cap: number | null;
  recipient_count: number;
  corrects_alert_id: string | null;
}

export interface PublishStep {
  /** Nothing left to queue (or nothing was pending). */
  done: boolean;
  recipients: number;
}

/** One batch of a pending publication, in its own transaction. */
export async function publishNextBatch(ctx: Pick<AppContext, 'db' | 'now'>, alertId: string, limit = BATCH): Promise<PublishStep> {
  return ctx.db.$transaction(async (tx) => {
    const [a] = await tx.$queryRaw<PendingRow[]>`
      SELECT id::text, status::text, urgency::text, is_welcome, all_topics, published_at, publish_cursor::text, publish_weekly_cap, recipient_count,
             corrects_alert_id::text
        FROM alerts WHERE id = ${alertId}::uuid AND publish_pending_since IS NOT NULL FOR UPDATE`;
    if (!a) {
      const row = await tx.alert.findUnique({ where: { id: alertId }, select: { recipientCount: true } });
      return { done: true, recipients: row?.recipientCount ?? 0 };
    }
    // A cancelled alert (staff, or the sender's own refusal) gets no more deliveries.
    if (a.status === 'CANCELLED') {
      await tx.$executeRaw`UPDATE alerts SET publish_pending_since = NULL, updated_at = now() WHERE id = ${alertId}::uuid`;
      return { done: true, recipients: a.recipient_count };
    }
    const normal = a.urgency === 'NORMAL' && !a.is_welcome;
    const correction = a.corrects_alert_id;
    const since = new Date((a.published_at ?? ctx.now()).getTime() - WEEK_MS);
    const batch = await createDeliveryBatch(tx, {
      alertId,
      topicIds: await audience(tx, { id: a.id, isWelcome: a.is_welcome, allTopics: a.all_topics, correctsAlertId: correction }),
      zoneIds: await audienceZones(tx, { id: a.id, isWelcome: a.is_welcome, correctsAlertId: correction }),
      priority: normal ? 1 : 0,
      excludeOverWeeklyCap: normal && !correction && a.publish_weekly_cap !== null ? { cap: a.publish_weekly_cap, since } : null,
      recipientsOf: correction,
      now: ctx.now(),
      after: a.publish_cursor,
      limit,
    });
    const done = batch.selected < limit;
    const recipients = a.recipient_count + batch.inserted;
    await tx.$executeRaw`
      UPDATE alerts SET recipient_count = ${recipients}, publish_cursor = COALESCE(${batch.last}::uuid, publish_cursor),
             publish_pending_since = CASE WHEN ${done} THEN NULL ELSE publish_pending_since END, updated_at = now()
       WHERE id = ${alertId}::uuid`;
    return { done, recipients };
  }, TX_OPTIONS);
}

/**
 * Queues every batch still pending for the alert; returns its final number of deliveries. After
 * each batch it waits as long as the batch took: the database then spends at most half its time
 * on the publication, and the sends already going out (at most the cap, far slower than the
 * batches) keep their slots. A million recipients are queued in about twice the time it takes at
 * full speed, still well ahead of the sending.
 */
export async function finishPublishing(
  ctx: Pick<AppContext, 'db' | 'now'>,
  alertId: string,
  o: { batch?: number; maxBatches?: number; stopping?: () => boolean } = {},
): Promise<PublishStep> {
  let step: PublishStep = { done: false, recipients: 0 };
  for (let i = 0; !step.done && i < (o.maxBatches ?? Infinity) && !o.stopping?.(); i++) {
    const started = performance.now();
    step = await publishNextBatch(ctx, alertId, o.batch);
    if (!step.done) await new Promise((r) => setTimeout(r, performance.now() - started));
  }
  return step;
}

/**
 * After a send decision committed (send now, schedule, approval, launch): queues the rest of its
 * deliveries and answers with the full count. Outcomes without a publication pass through.
 */
export async function completePublishing<T extends { id: string; recipients: number | null }>(ctx: Pick<AppContext, 'db' | 'now'>, outcome: T): Promise<T> {
  if (outcome.recipients === null) return outcome;
  const row = await ctx.db.alert.findUnique({ where: { id: outcome.id }, select: { publishPendingSince: true } });
  if (!row?.publishPendingSince) return outcome;
  return { ...outcome, recipients: (await finishPublishing(ctx, outcome.id)).recipients };
}

/**
 * A worker's share: continues every publication that made no progress for `stallMs` (its web
 * process crashed or was stopped mid-publish). Returns the alerts it finished.
 */
export async function resumeStalledPublishing(
  ctx: Pick<AppContext, 'db' | 'now' | 'log'>,
  stallMs = STALL_MS,
  /** A stopping worker leaves the rest to the next one (between two batches: nothing is lost). */
  stopping?: () => boolean,
): Promise<string[]> {
  const stalled = await ctx.db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM alerts
     WHERE publish_pending_since IS NOT NULL AND updated_at < now() - (${stallMs}::int * interval '1 millisecond')
     ORDER BY CASE urgency WHEN 'URGENT' THEN 0 ELSE 1 END, published_at`;
  const finished: string[] = [];
  for (const { id } of stalled) {
    if (stopping?.()) break;
    ctx.log.warn('publishing resumed after a stall', { alert: id });
    const r = await finishPublishing(ctx, id, { stopping });
    if (!r.done) break;
    ctx.log.info('publishing finished', { alert: id, recipients: r.recipients });
    finished.push(id);
  }
  return finished;
}
