import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { loadTemplateState } from '../templates/load-template';
import type { Settings } from '../settings/defaults';
import { EDITABLE, lockAlert, TX_OPTIONS, wrongStatus, type AlertOutcome, type AlertRow, type Tx } from './alert-record';
import { publishLocked } from './publish-alert';
import { completePublishing } from './continue-publishing';
import { assertFits, assertLaunched, decideRelease } from './release';
import { notifyApprovalRequested } from '../notifications/notify-staff';
import { fourEyesApplies } from './audience';

export interface SendAlertNowInput {
  actor: Actor;
  alertId: string;
}

/**
 * "Send now": publishes at once, unless a normal alert falls in quiet hours (then it is held and
 * released when they end: status SCHEDULED, `held` true) or the four-eyes rule asks for a second
 * editor (status PENDING_APPROVAL; the approval sends it). Urgent alerts never wait for quiet hours.
 */
export async function sendAlertNow(ctx: AppContext, { actor, alertId }: SendAlertNowInput): Promise<AlertOutcome> {
  assertRole(actor, 'EDITOR');
  assertScope(actor, 'alerts:send', 'send alerts');
  const settings = await loadSettings(ctx.db, { fresh: true });
  const outcome = await ctx.db.$transaction(async (tx) => sendNowLocked(ctx, tx, await lockAlert(tx, alertId), { actor, settings }), TX_OPTIONS);
  // Sending has started on the first batch: queue the rest, answer with the full count.
  return completePublishing(ctx, outcome);
}

/**
 * The decision of "send now" on a row the caller locked in `tx` (also used for a correction,
 * created and sent in one transaction: correct-alert.ts). The caller runs `completePublishing`
 * after the commit.
 */
export async function sendNowLocked(
  ctx: AppContext,
  tx: Tx,
  alert: AlertRow,
  { actor, settings }: { actor: Actor; settings: Settings },
): Promise<AlertOutcome> {
  {
    if (!EDITABLE.includes(alert.status)) throw wrongStatus(alert, 'inviare');
    assertLaunched(settings);
    assertFits(alert, await loadTemplateState(tx, settings, 'alert'));
    const now = ctx.now();
    const decision = decideRelease(alert, {
      now,
      requestedAt: null,
      settings,
      approvalGiven: alert.approvedById !== null,
      reachesEveryone: await fourEyesApplies(tx, alert, settings),
    });
    if (decision.next === 'PUBLISH') {
      const r = await publishLocked(ctx, tx, alert, { actor, settings, trigger: 'send_now' });
      return { id: alert.id, status: r.status, releaseAt: now, held: false, recipients: r.recipients };
    }
    await tx.alert.update({ where: { id: alert.id }, data: { status: decision.next, scheduledAt: null, releaseAt: decision.releaseAt } });
    if (decision.next === 'PENDING_APPROVAL') {
      await notifyApprovalRequested(ctx, tx, { alert, at: now, requestedBy: actor.kind === 'staff' ? actor.id : null });
    }
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_schedule',
      target: alert.id,
      details: {
        requested: 'now',
        releaseAt: decision.releaseAt.toISOString(),
        heldForQuietHours: decision.held,
        awaitingApproval: decision.next === 'PENDING_APPROVAL',
      },
    });
    return { id: alert.id, status: decision.next, releaseAt: decision.releaseAt, held: decision.held, recipients: null };
  }
}
