/**
 * Publishing: ONE transaction marks the alert SENDING and queues the first batch of deliveries
 * (lib/delivery/create-deliveries.ts); the workers start sending when it commits, while the rest
 * is queued in committed batches (continue-publishing.ts: `completePublishing` after the commit).
 * The alert row is locked (FOR UPDATE) and its status checked inside the transaction, so publishing
 * twice — two sweeps, a sweep and a job, a double click — is a no-op the second time.
 */
import type { AppContext } from '../context';
import { createDeliveryBatch } from '../delivery/create-deliveries';
import { recordAudit } from '../audit/record';
import type { AlertStatus } from '../generated/prisma/client';
import type { Settings } from '../settings/defaults';
import { loadSettings } from '../settings/store';
import { assertTemplateReady, loadTemplateState } from '../templates/load-template';
import { templateHoldReason } from '../templates/template-hold';
import { refreshTemplatesForSend } from './template-decision';
import { notifyAlertHeld } from '../delivery/hold-notice';
import { describeHold } from './alert-hold';
import { assertActor, type AnyActor } from '../access/actor';
import { lockAlert, TX_OPTIONS, type AlertRow, type Tx } from './alert-record';
import { WEEK_MS, type WeeklyCap } from '../delivery/recipients';
import { holdAtPublish } from '../delivery/quality-guard';
import { assertFits, assertLaunched } from './release';
import { audience, audienceZones, completePublishing, FIRST_BATCH } from './continue-publishing';

export interface PublishResult {
  published: boolean;
  status: AlertStatus;
  recipients: number;
}

const PUBLISHABLE: readonly AlertStatus[] = ['DRAFT', 'SCHEDULED', 'PENDING_APPROVAL'];

/**
 * Publishes a row the caller has locked in `tx`. Callers decide WHEN (quiet hours, approval);
 * this checks what must hold whatever the path: launched, template approved, content fits.
 */
export async function publishLocked(
  ctx: AppContext,
  tx: Tx,
  alert: AlertRow,
  o: { actor: AnyActor; settings: Settings; trigger: 'send_now' | 'schedule' | 'approval' | 'launch' },
): Promise<PublishResult> {
  if (!PUBLISHABLE.includes(alert.status)) return { published: false, status: alert.status, recipients: alert.recipientCount };
  if (!alert.isWelcome) assertLaunched(o.settings);
  const role = alert.isWelcome ? 'welcome' : 'alert';
  // A send decision: the template's status and category as Meta has them now (issue 10).
  await refreshTemplatesForSend(ctx, o.settings, role);
  const template = await loadTemplateState(tx, o.settings, role);
  // A template Meta moved to MARKETING holds the alert (PAUSED) until a person decides.
  const hold = template.hold ? templateHoldReason(template.name, template.language) : null;
  if (!hold) assertTemplateReady(template);
  assertFits(alert, template);

  const now = ctx.now();
  const normal = alert.urgency === 'NORMAL' && !alert.isWelcome;
  // Quiet hours and the weekly cap are for normal alerts; urgent ones and the welcome bypass both.
  // A correction keeps the quiet hours but not the cap: it must reach everyone who got the original.
  const excludeOverWeeklyCap: WeeklyCap | null =
    normal && !alert.correctsAlertId ? { cap: o.settings.weeklyNormalCap, since: new Date(now.getTime() - WEEK_MS) } : null;
  await tx.alert.update({
    where: { id: alert.id },
    data: {
      status: 'SENDING',
      publishedAt: now,
      releaseAt: alert.releaseAt ?? now,
      templateName: template.name,
      templateLanguage: template.language,
      templateCategory: template.category,
    },
  });
  const first = await createDeliveryBatch(tx, {
    alertId: alert.id,
    topicIds: await audience(tx, alert),
    zoneIds: await audienceZones(tx, alert),
    priority: normal ? 1 : 0,
    excludeOverWeeklyCap,
    recipientsOf: alert.correctsAlertId,
    now,
    after: null,
    limit: FIRST_BATCH,
  });
  // A full first batch: more recipients may follow, queued after the commit (continue-publishing.ts),
  // also while the alert is held: a held alert is complete when it resumes.
  const streaming = first.selected >= FIRST_BATCH;
  const recipients = first.inserted;
  // A FLAGGED / RED number holds normal alerts (lib/delivery/quality-guard.ts): queued, not started.
  // A template held for its category (above) comes first: it needs a person whatever the number's health.
  const qualityHold = recipients === 0 || hold ? null : await holdAtPublish(ctx, tx, alert.urgency === 'URGENT');
  const heldFor = hold ?? qualityHold;
  const status: AlertStatus = recipients === 0 ? 'SENT' : heldFor ? 'PAUSED' : 'SENDING';
  await tx.alert.update({
    where: { id: alert.id },
    data: {
      recipientCount: recipients,
      status,
      ...(recipients === 0 ? { completedAt: now } : {}),
      ...(status === 'PAUSED' ? { pausedReason: heldFor } : {}),
      publishPendingSince: streaming ? now : null,
      publishCursor: first.last,
      publishWeeklyCap: excludeOverWeeklyCap?.cap ?? null,
    },
  });
  await recordAudit(ctx, tx, {
    actor: o.actor,
    action: 'alert_send',
    target: alert.id,
    details: {
      trigger: o.trigger,
      // Streaming: the final number is the alert's recipient count once its last batch is queued.
      recipients: streaming ? null : recipients,
      ...(streaming ? { firstBatch: recipients, streaming: true } : {}),
      urgency: alert.urgency,
      ...(alert.urgentReason ? { urgentReason: alert.urgentReason } : {}),
      ...(alert.isWelcome ? { welcome: true } : {}),
      weeklyCap: excludeOverWeeklyCap?.cap ?? null,
      ...(status === 'PAUSED' ? { heldFor } : {}),
    },
  });
  if (status === 'PAUSED' && heldFor)
    await notifyAlertHeld(ctx, tx, { alertId: alert.id, at: now, why: describeHold(heldFor)?.messageIt ?? heldFor, held: true });
  if (status === 'PAUSED')
    ctx.log.warn(hold ? 'alert published but held: its template was moved to MARKETING' : 'alert published but held: the number is flagged by Meta', {
      alert: alert.id,
      template: template.name,
      reason: heldFor,
      recipients,
    });
  else ctx.log.info('alert published', { alert: alert.id, recipients, trigger: o.trigger });
  return { published: true, status, recipients };
}

/**
 * Publishes a SCHEDULED alert whose release time has come (the scheduler's entry point). Anything
 * else — already published, cancelled, rescheduled later, waiting for approval — is left alone.
 */
export async function publishAlert(ctx: AppContext, o: { actor: AnyActor; alertId: string }): Promise<PublishResult> {
  assertActor(o.actor, 'EDITOR');
  const settings = await loadSettings(ctx.db, { fresh: true });
  const r = await ctx.db.$transaction(async (tx) => {
    const alert = await lockAlert(tx, o.alertId);
    const due = alert.status === 'SCHEDULED' && alert.releaseAt !== null && alert.releaseAt.getTime() <= ctx.now().getTime();
    if (!due) return { published: false, status: alert.status, recipients: alert.recipientCount };
    return publishLocked(ctx, tx, alert, { actor: o.actor, settings, trigger: 'schedule' });
  }, TX_OPTIONS);
  return r.published ? { ...r, recipients: (await completePublishing(ctx, { id: o.alertId, recipients: r.recipients })).recipients } : r;
}
