import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { loadSettings } from '../settings/store';
import { loadTemplateState } from '../templates/load-template';
import { lockAlert, TX_OPTIONS, wrongStatus, type AlertOutcome } from './alert-record';
import { publishLocked } from './publish-alert';
import { completePublishing } from './continue-publishing';
import { assertFits, assertLaunched, decideRelease } from './release';

export interface ApproveAlertInput {
  actor: Actor;
  alertId: string;
}

/**
 * Four-eyes rule: a second editor — a person, not the author, not an API key — approves an alert
 * that reaches everyone (audience.ts). It then goes out as requested: now (publishing in this transaction), at its
 * scheduled time, or at the end of quiet hours.
 */
export async function approveAlert(ctx: AppContext, { actor, alertId }: ApproveAlertInput): Promise<AlertOutcome> {
  assertRole(actor, 'EDITOR');
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'Un avviso va approvato da una persona della redazione, non da una chiave API.');
  const settings = await loadSettings(ctx.db, { fresh: true });
  const outcome = await ctx.db.$transaction(async (tx): Promise<AlertOutcome> => {
    const alert = await lockAlert(tx, alertId);
    if (alert.status !== 'PENDING_APPROVAL') throw wrongStatus(alert, 'approvare');
    if (alert.createdById === actor.id) {
      throw new AppError('forbidden', 'Non puoi approvare un avviso scritto da te: serve un’altra persona della redazione.');
    }
    assertLaunched(settings);
    assertFits(alert, await loadTemplateState(tx, settings, 'alert'));
    const now = ctx.now();
    const approved = { ...alert, approvedById: actor.id, approvedAt: now };
    await tx.alert.update({ where: { id: alert.id }, data: { approvedById: actor.id, approvedAt: now } });
    await recordAudit(ctx, tx, { actor, action: 'alert_approve', target: alert.id, details: { author: alert.createdById, title: alert.title } });
    const decision = decideRelease(approved, {
      now,
      requestedAt: alert.scheduledAt && alert.scheduledAt > now ? alert.scheduledAt : null,
      settings,
      approvalGiven: true,
      reachesEveryone: true,
    });
    if (decision.next === 'PUBLISH') {
      const r = await publishLocked(ctx, tx, approved, { actor, settings, trigger: 'approval' });
      return { id: alert.id, status: r.status, releaseAt: now, held: false, recipients: r.recipients };
    }
    await tx.alert.update({ where: { id: alert.id }, data: { status: 'SCHEDULED', releaseAt: decision.releaseAt } });
    return { id: alert.id, status: 'SCHEDULED', releaseAt: decision.releaseAt, held: decision.held, recipients: null };
  }, TX_OPTIONS);
  return completePublishing(ctx, outcome);
}
