import { recordAudit } from '../audit/record';
import { assertActor, systemActor, type AnyActor } from '../access/actor';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { qualityHold } from './number-health';
import { explainTemplateHold } from '../templates/template-hold';
import { DELIVERY_CHANNEL } from './options';
import { notifyAlertHeld } from './hold-notice';

/**
 * Stops an alert that is being sent. Used by the sender when Meta answers with an error that a
 * person must look at (131048 spam limit, template problems); staff see `paused_reason` on the
 * alert page and the audit log keeps an `alert_pause` entry. Queued deliveries stay QUEUED and go
 * out after a resume. Returns false when the alert was not sending (already paused, finished).
 */
export async function pauseAlert(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'now' | 'publicUrl' | 'mailEnabled'>,
  alertId: string,
  reason: string,
  opts: { actor?: AnyActor; code?: number | null; hold?: { messageIt: string } } = {},
): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const now = ctx.now();
    const n = await tx.$executeRaw`UPDATE alerts SET status = 'PAUSED', paused_reason = ${reason}, updated_at = ${now}
      WHERE id = ${alertId}::uuid AND status = 'SENDING'`;
    if (n === 0) return false;
    // Admins and the author are told (issue 12); a hold passes its own explanation.
    await notifyAlertHeld(ctx, tx, { alertId, at: now, why: opts.hold?.messageIt ?? `Motivo: ${reason}`, held: opts.hold !== undefined });
    await recordAudit(ctx, tx, {
      actor: opts.actor ?? systemActor('sender'),
      action: 'alert_pause',
      target: alertId,
      details: { reason, ...(opts.code != null ? { code: opts.code } : {}) },
    });
    return true;
  });
}

/** Meta refuses every send (368 account blocked, invalid token): every sending alert pauses. */
export async function pauseAllSending(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'now' | 'publicUrl' | 'mailEnabled'>,
  reason: string,
  code: number | null,
): Promise<string[]> {
  const sending = await ctx.db.alert.findMany({ where: { status: 'SENDING' }, select: { id: true } });
  const paused: string[] = [];
  for (const { id } of sending) if (await pauseAlert(ctx, id, reason, { code })) paused.push(id);
  return paused;
}

/**
 * Staff resume a paused alert (editor or above); workers are woken at commit. A normal alert cannot
 * be resumed while the number is FLAGGED or RED (quality-guard.ts): it resumes by itself after.
 */
export async function resumeAlert(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'now' | 'whatsapp'>,
  { actor, alertId }: { actor: AnyActor; alertId: string },
): Promise<boolean> {
  assertActor(actor, 'EDITOR');
  // A template hold ends with a decision on the template (lib/delivery/template-holds.ts), not here.
  const held = await ctx.db.alert.findUnique({ where: { id: alertId }, select: { status: true, pausedReason: true } });
  const hold = held?.status === 'PAUSED' && held.pausedReason ? explainTemplateHold(held.pausedReason) : null;
  if (hold) throw new AppError('template_not_ready', hold.messageIt, { hold: hold.code, template: hold.template });
  return ctx.db.$transaction(async (tx) => {
    const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { urgency: true } });
    const health = await tx.numberHealth.findUnique({ where: { phoneNumberId: ctx.whatsapp.phoneNumberId }, select: { flagged: true, qualityRating: true } });
    if (alert?.urgency === 'NORMAL' && qualityHold(health)) {
      throw new AppError(
        'conflict',
        'Il numero WhatsApp del Comune è segnalato da Meta per qualità bassa: gli avvisi normali restano in attesa e ripartono da soli quando la qualità torna buona. Un avviso urgente parte comunque.',
      );
    }
    const n = await tx.$executeRaw`UPDATE alerts SET status = 'SENDING', paused_reason = NULL, updated_at = ${ctx.now()}
      WHERE id = ${alertId}::uuid AND status = 'PAUSED'`;
    if (n === 0) return false;
    // Deliveries that waited for a retry while the alert was paused may go at once.
    await tx.$executeRaw`UPDATE deliveries SET available_at = ${ctx.now()}
      WHERE alert_id = ${alertId}::uuid AND status = 'QUEUED' AND available_at > ${ctx.now()} AND error_detail IS DISTINCT FROM 'daily_limit'`;
    await recordAudit(ctx, tx, { actor, action: 'alert_resume', target: alertId });
    await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
    return true;
  });
}
