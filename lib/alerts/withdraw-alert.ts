import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { lockAlert, STATUS_LABEL } from './alert-record';

export interface WithdrawAlertInput {
  actor: Actor;
  alertId: string;
  /** Optional note kept in the audit log (never shown to citizens). */
  reason?: string;
}

/**
 * Withdraws a sent alert from the public archive /avvisi and its RSS/Atom feeds
 * (list-public-alerts.ts leaves out alerts with `withdrawn_at`). Its address stays known to
 * whoever kept the link: the page then says "Avviso ritirato" with the date, without the title or
 * the text (docs/api.md, "Correction and withdrawal"). The messages already on people's phones
 * cannot be taken back: a correction (correct-alert.ts) tells them. Audited (`alert_withdraw`).
 */
export async function withdrawAlert(ctx: AppContext, { actor, alertId, reason }: WithdrawAlertInput): Promise<{ id: string; withdrawnAt: Date }> {
  assertRole(actor, 'EDITOR');
  assertScope(actor, 'alerts:send', 'withdraw alerts');
  return ctx.db.$transaction(async (tx) => {
    const alert = await lockAlert(tx, alertId);
    if (alert.withdrawnAt) {
      throw new AppError('conflict', 'L’avviso è già stato ritirato.', { status: alert.status, english: 'The alert has already been withdrawn.' });
    }
    if (alert.status !== 'SENT' || alert.isWelcome) {
      throw new AppError('conflict', `Si può ritirare solo un avviso già inviato: questo è ${STATUS_LABEL[alert.status]}.`, {
        status: alert.status,
        english:
          alert.status === 'SENDING' || alert.status === 'PAUSED'
            ? 'The alert is still going out: stop it first (POST /api/v1/alerts/{id}/cancel).'
            : 'Only a sent alert can be withdrawn from the public archive.',
      });
    }
    const withdrawnAt = ctx.now();
    await tx.alert.update({ where: { id: alert.id }, data: { withdrawnAt } });
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_withdraw',
      target: alert.id,
      details: { title: alert.title, wasPublic: alert.publicArchive, ...(reason ? { reason: reason.slice(0, 500) } : {}) },
    });
    return { id: alert.id, withdrawnAt };
  });
}
