import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { invalidInput } from '../errors';
import { loadSettings } from '../settings/store';
import { assertTemplateReady, loadTemplateState } from '../templates/load-template';
import { lockAlert, TX_OPTIONS, wrongStatus, type AlertOutcome } from './alert-record';
import { publishLocked } from './publish-alert';
import { completePublishing } from './continue-publishing';
import { assertFits, assertLaunched, decideRelease } from './release';
import { fourEyesApplies } from './audience';
import { notifyApprovalRequested } from '../notifications/notify-staff';
import { parseDateTimeInput } from '../time/rome-time';

export interface ScheduleAlertInput {
  actor: Actor;
  alertId: string;
  /** `2026-11-30T08:00` from the form (Europe/Rome) or an ISO instant (API), or a Date. */
  scheduledAt: string | Date;
}

/**
 * Schedules (or reschedules) an alert. The release time is the chosen time, moved to the end of
 * quiet hours for a normal alert that falls in them. A time already reached publishes at once.
 * The scheduler (jobs.ts) publishes it when due.
 */
export async function scheduleAlert(ctx: AppContext, { actor, alertId, scheduledAt }: ScheduleAlertInput): Promise<AlertOutcome> {
  assertRole(actor, 'EDITOR');
  assertScope(actor, 'alerts:send', 'schedule alerts');
  const at = scheduledAt instanceof Date ? scheduledAt : parseDateTimeInput(scheduledAt);
  if (!at || Number.isNaN(at.getTime())) {
    throw invalidInput('Data e ora non valide (esempio: 2026-11-30T08:00).', { scheduledAt: ['Data e ora non valide.'] });
  }
  const settings = await loadSettings(ctx.db, { fresh: true });
  const outcome = await ctx.db.$transaction(async (tx): Promise<AlertOutcome> => {
    const alert = await lockAlert(tx, alertId);
    if (!['DRAFT', 'SCHEDULED', 'PENDING_APPROVAL'].includes(alert.status) || alert.isWelcome) throw wrongStatus(alert, 'programmare');
    assertLaunched(settings);
    const template = await loadTemplateState(tx, settings, 'alert');
    assertFits(alert, template);
    // A scheduled alert may wait for a template still in review, never for one Meta refused.
    if (template.status !== 'PENDING') assertTemplateReady(template);
    const now = ctx.now();
    const decision = decideRelease(alert, {
      now,
      requestedAt: at,
      settings,
      approvalGiven: alert.approvedById !== null,
      reachesEveryone: await fourEyesApplies(tx, alert, settings),
    });
    await tx.alert.update({ where: { id: alert.id }, data: { scheduledAt: at } });
    if (decision.next === 'PUBLISH') {
      const r = await publishLocked(ctx, tx, { ...alert, scheduledAt: at }, { actor, settings, trigger: 'send_now' });
      return { id: alert.id, status: r.status, releaseAt: now, held: false, recipients: r.recipients };
    }
    await tx.alert.update({ where: { id: alert.id }, data: { status: decision.next, releaseAt: decision.releaseAt } });
    if (decision.next === 'PENDING_APPROVAL') {
      await notifyApprovalRequested(ctx, tx, { alert, at: now, requestedBy: actor.kind === 'staff' ? actor.id : null });
    }
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_schedule',
      target: alert.id,
      details: {
        scheduledAt: at.toISOString(),
        releaseAt: decision.releaseAt.toISOString(),
        heldForQuietHours: decision.held,
        urgency: alert.urgency,
        ...(alert.urgentReason ? { urgentReason: alert.urgentReason } : {}),
        awaitingApproval: decision.next === 'PENDING_APPROVAL',
      },
    });
    return { id: alert.id, status: decision.next, releaseAt: decision.releaseAt, held: decision.held, recipients: null };
  }, TX_OPTIONS);
  return completePublishing(ctx, outcome);
}
