import { purgeOldSessions } from '../auth/sessions';
import type { AppContext } from '../context';
import { purgeRateLimits } from '../security/rate-limit';
import { MAIL_RETENTION_DAYS, purgeFinishedMail } from '../outbox/purge-mail';
import { expirePendingRequests } from '../subscriptions/expire-pending';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import { refreshAllTemplates } from '../templates/refresh-template';
import { noticeLaunchThreshold } from '../stats/launch-threshold-notice';

/** Meta retries a webhook for up to 7 days: keep dedupe keys a little longer than that. */
const DEDUPE_RETENTION_DAYS = 8;

export async function runMaintenance(ctx: AppContext) {
  const now = ctx.now();
  const expired = await expirePendingRequests(ctx);
  const rateLimits = await purgeRateLimits(ctx.pool, new Date(now.getTime() - 2 * 86_400_000));
  const events = await ctx.pool.query(`DELETE FROM inbound_events WHERE processed_at IS NOT NULL AND received_at < $1`, [
    new Date(now.getTime() - DEDUPE_RETENTION_DAYS * 86_400_000),
  ]);
  const staffSessions = await purgeOldSessions(ctx);
  const mails = await purgeFinishedMail(ctx.pool, new Date(now.getTime() - MAIL_RETENTION_DAYS * 86_400_000));
  // Templates follow Meta even when a webhook was lost: re-read, then hold or release alerts.
  const templates = await refreshAllTemplates(ctx);
  const holds = await reconcileTemplateHolds(ctx);
  const launchThresholdNotices = await noticeLaunchThreshold(ctx);
  return {
    expired,
    launchThresholdNotices,
    rateLimits,
    inboundEvents: events.rowCount ?? 0,
    staffSessions,
    mails,
    templates,
    held: holds.held.length,
    released: holds.released.length,
  };
}
