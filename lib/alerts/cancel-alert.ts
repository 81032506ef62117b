import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { CANCELLABLE, lockAlert, STATUS_LABEL, TX_OPTIONS, wrongStatus, type AlertOutcome } from './alert-record';

export interface CancelAlertInput {
  actor: Actor;
  alertId: string;
  /** Optional note kept in the audit log. */
  reason?: string;
}

export interface CancelOutcome extends AlertOutcome {
  /** A SENDING or PAUSED alert was stopped (audited as `alert_stop`); false for an alert not started. */
  stopped: boolean;
  /** Deliveries not sent, marked CANCELLED by the stop (0 when nothing had started). */
  cancelledDeliveries: number;
  /** Claimed by a worker at the stop: each is either sent already or given back as CANCELLED within a second. */
  inFlight: number;
}

/** Alerts that have started going out and can be stopped. */
export const STOPPABLE = ['SENDING', 'PAUSED'] as const;

/**
 * Cancels an alert that has not started (draft, waiting for approval, scheduled or held), or stops
 * one that is going out (SENDING, or PAUSED by the sender or a hold): "Ferma l'invio".
 *
 * A stop is one transaction holding the alert row: the alert becomes CANCELLED, the publication
 * still in batches ends (continue-publishing.ts checks the status under the same row lock), and
 * every QUEUED delivery becomes CANCELLED, which also gives it back to the recipient's weekly cap
 * (recipients.ts counts neither). Claims (claim-deliveries.ts) take only QUEUED rows of SENDING
 * alerts with FOR UPDATE SKIP LOCKED: a claim running at the same time either took a row first
 * (the stop's UPDATE waits for it and then finds it SENDING, not QUEUED) or finds it CANCELLED, so
 * no delivery is both sent and cancelled. Rows already claimed are sent only if their request had
 * started; every worker learns of the stop at its next housekeeping tick (1 s, alert-liveness.ts)
 * and gives the rest back, which record-results.ts stores as CANCELLED. An alert already finished
 * (SENT) or cancelled is refused with a conflict (409 in the API).
 */
export async function cancelAlert(ctx: AppContext, { actor, alertId, reason }: CancelAlertInput): Promise<CancelOutcome> {
  assertRole(actor, 'EDITOR');
  const note = reason ? { reason: reason.slice(0, 500) } : {};
  return ctx.db.$transaction(async (tx) => {
    const alert = await lockAlert(tx, alertId);
    const now = ctx.now();
    if (alert.status === 'SENDING' || alert.status === 'PAUSED') {
      assertScope(actor, 'alerts:send', 'stop alerts that are being sent');
      await tx.alert.update({ where: { id: alert.id }, data: { status: 'CANCELLED', cancelledAt: now, publishPendingSince: null } });
      const cancelled = await tx.$executeRaw`
        UPDATE deliveries SET status = 'CANCELLED', updated_at = ${now} WHERE alert_id = ${alert.id}::uuid AND status = 'QUEUED'`;
      const [flight] = await tx.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM deliveries WHERE alert_id = ${alert.id}::uuid AND status = 'SENDING' AND wamid_hmac IS NULL`;
      const inFlight = flight?.n ?? 0;
      await recordAudit(ctx, tx, {
        actor,
        action: 'alert_stop',
        target: alert.id,
        details: { previousStatus: alert.status, cancelledDeliveries: cancelled, inFlight, ...note },
      });
      ctx.log.warn('alert stopped by staff', { alert: alert.id, cancelledDeliveries: cancelled, inFlight });
      return {
        id: alert.id,
        status: 'CANCELLED',
        releaseAt: alert.releaseAt,
        held: false,
        recipients: null,
        stopped: true,
        cancelledDeliveries: cancelled,
        inFlight,
      };
    }
    if (!CANCELLABLE.includes(alert.status)) {
      if (alert.status === 'SENT') {
        throw new AppError('conflict', `Non si può fermare: l’avviso è ${STATUS_LABEL.SENT}, non c’è più nulla da fermare.`, {
          status: alert.status,
          english:
            'The alert has already been sent to every recipient: there is nothing left to stop. To amend it, send a correction (POST /api/v1/alerts/{id}/correction) or withdraw it from the public archive (POST /api/v1/alerts/{id}/withdraw).',
        });
      }
      const e = wrongStatus(alert, 'annullare');
      throw new AppError('conflict', e.userMessage, {
        status: alert.status,
        english: 'The alert is already cancelled (or stopped): there is nothing to cancel.',
      });
    }
    await tx.alert.update({ where: { id: alert.id }, data: { status: 'CANCELLED', cancelledAt: now } });
    await recordAudit(ctx, tx, { actor, action: 'alert_cancel', target: alert.id, details: { previousStatus: alert.status, ...note } });
    return {
      id: alert.id,
      status: 'CANCELLED',
      releaseAt: alert.releaseAt,
      held: false,
      recipients: null,
      stopped: false,
      cancelledDeliveries: 0,
      inFlight: 0,
    };
  }, TX_OPTIONS);
}
