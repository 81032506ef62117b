import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { CANCELLABLE, lockAlert, wrongStatus, type AlertOutcome } from './alert-record';

export interface CancelAlertInput {
  actor: Actor;
  alertId: string;
  /** Optional note kept in the audit log. */
  reason?: string;
}

/** Cancels an alert that has not started (draft, waiting for approval, scheduled or held). */
export async function cancelAlert(ctx: AppContext, { actor, alertId, reason }: CancelAlertInput): Promise<AlertOutcome> {
  assertRole(actor, 'EDITOR');
  return ctx.db.$transaction(async (tx) => {
    const alert = await lockAlert(tx, alertId);
    if (!CANCELLABLE.includes(alert.status)) throw wrongStatus(alert, 'annullare');
    await tx.alert.update({ where: { id: alert.id }, data: { status: 'CANCELLED', cancelledAt: ctx.now() } });
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_cancel',
      target: alert.id,
      details: { previousStatus: alert.status, ...(reason ? { reason: reason.slice(0, 500) } : {}) },
    });
    return { id: alert.id, status: 'CANCELLED', releaseAt: alert.releaseAt, held: false, recipients: null };
  });
}
