import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import type { AppContext } from '../context';
import { getDeliveryProgress, type DeliveryProgress } from '../delivery/progress';
import { notFound, readsOnlySent } from './alert-record';
import { isUuid } from '../ids';

export interface AlertReport {
  alertId: string;
  status: string;
  publishedAt: Date | null;
  completedAt: Date | null;
  recipients: number;
  /** The delivery engine's counts by state, failures and skips by reason (labels in Italian), waits. */
  progress: DeliveryProgress;
  /** Reached the phone (delivered or read). */
  delivered: number;
  /** 0–100: sent, delivered, read, failed or skipped over all deliveries (the progress bar). */
  percentDone: number;
  /** Opt-outs (any channel) in the 24 hours after publishing, and those by this alert's recipients. */
  optOuts: { windowStart: Date; windowEnd: Date; total: number; amongRecipients: number } | null;
}

/** Delivery report of one alert: counts by state and by failure reason, and the opt-outs after it. */
export async function getAlertReport(ctx: AppContext, { actor, alertId }: { actor: Actor; alertId: string }): Promise<AlertReport> {
  assertRole(actor, 'VIEWER');
  assertScope(actor, 'alerts:draft', 'read alerts');
  if (!isUuid(alertId)) throw notFound();
  const alert = await ctx.db.alert.findUnique({
    where: { id: alertId },
    select: { id: true, status: true, publishedAt: true, completedAt: true, recipientCount: true },
  });
  // Viewers read sent alerts only (alert-record.ts).
  if (!alert || (readsOnlySent(actor) && !alert.publishedAt)) throw notFound();
  const progress = await getDeliveryProgress(ctx, alertId);
  if (!progress) throw notFound();
  const c = progress.counts;
  const finished = progress.total - c.queued - c.sending;

  let optOuts: AlertReport['optOuts'] = null;
  if (alert.publishedAt) {
    const windowStart = alert.publishedAt;
    const windowEnd = new Date(windowStart.getTime() + 24 * 3600 * 1000);
    // consent_events(created_at, action) index; the EXISTS only runs for the few opt-outs found.
    const [row] = await ctx.db.$queryRaw<{ total: bigint; among: bigint }[]>`
      SELECT count(*) AS total,
             count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM subscribers s JOIN deliveries d ON d.subscriber_id = s.id
                WHERE (s.phone_hmac = c.phone_hmac OR s.wa_user_id_hmac = c.phone_hmac) AND d.alert_id = ${alertId}::uuid)) AS among
        FROM consent_events c
       WHERE c.action = 'OPT_OUT' AND c.created_at >= ${windowStart} AND c.created_at < ${windowEnd}`;
    optOuts = { windowStart, windowEnd, total: Number(row?.total ?? 0), amongRecipients: Number(row?.among ?? 0) };
  }

  return {
    alertId: alert.id,
    status: alert.status,
    publishedAt: alert.publishedAt,
    completedAt: alert.completedAt,
    recipients: Math.max(alert.recipientCount, progress.total),
    progress,
    delivered: c.delivered + c.read,
    percentDone: progress.total === 0 ? (alert.publishedAt ? 100 : 0) : Math.floor((finished / progress.total) * 100),
    optOuts,
  };
}
