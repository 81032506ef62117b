import { templateHoldCause, templateHoldReason } from '../templates/template-hold';
import { systemActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { getNumberHealth, qualityHold } from './number-health';
import { DELIVERY_CHANNEL } from './options';
import { pauseAlert } from './pause-alert';

/**
 * The quality guard: while Meta has the number FLAGGED or rates it RED, normal alerts are held
 * (status PAUSED, paused_reason `number_quality:<FLAGGED|RED>`): new ones are published straight
 * into PAUSED, sending ones are paused, so the claim (which takes only SENDING alerts) stops taking
 * their deliveries. Urgent alerts are never held. When the number is UNFLAGGED or back to
 * GREEN/YELLOW the alerts it held resume by themselves; each pause and resume is audited as
 * `system:quality-guard`. Alerts paused for any other reason are left to staff.
 */
export const QUALITY_REASON_PREFIX = 'number_quality:';
const ACTOR = systemActor('quality-guard');

export const qualityReason = (hold: 'FLAGGED' | 'RED') => `${QUALITY_REASON_PREFIX}${hold}`;

/** Plain Italian for staff, for a paused_reason this guard set; null for any other reason. */
export function describeQualityHold(reason: string | null | undefined): string | null {
  if (!reason?.startsWith(QUALITY_REASON_PREFIX)) return null;
  const why =
    reason.slice(QUALITY_REASON_PREFIX.length) === 'RED'
      ? 'Meta valuta bassa (rossa) la qualità del numero WhatsApp del Comune'
      : 'Meta ha segnalato il numero WhatsApp del Comune per qualità bassa';
  return `${why}: gli avvisi normali sono in attesa per non rischiare la limitazione del numero. Ripartono da soli quando la qualità torna buona; gli avvisi urgenti partono comunque.`;
}

/** At publish time (inside the publishing transaction): the reason to hold this alert, or null. */
export async function holdAtPublish(
  ctx: Pick<AppContext, 'whatsapp'>,
  tx: Pick<Prisma.TransactionClient, 'numberHealth'>,
  urgent: boolean,
): Promise<string | null> {
  if (urgent) return null;
  const h = await tx.numberHealth.findUnique({ where: { phoneNumberId: ctx.whatsapp.phoneNumberId }, select: { flagged: true, qualityRating: true } });
  const hold = qualityHold(h);
  return hold ? qualityReason(hold) : null;
}

/**
 * Brings the alerts in line with the number's health: pauses normal SENDING alerts while it must
 * hold, resumes the alerts it held once it need not. Idempotent; run after every health change and
 * by the periodic read (which also catches an alert published in the instant of a change).
 */
export async function enforceQualityGuard(ctx: AppContext): Promise<{ paused: string[]; resumed: string[] }> {
  const hold = qualityHold(await getNumberHealth(ctx.pool, ctx.whatsapp.phoneNumberId));
  const paused: string[] = [];
  const resumed: string[] = [];
  if (hold) {
    const reason = qualityReason(hold);
    const sending = await ctx.db.alert.findMany({ where: { status: 'SENDING', urgency: 'NORMAL' }, select: { id: true }, orderBy: { publishedAt: 'asc' } });
    for (const { id } of sending) {
      if (await pauseAlert(ctx, id, reason, { actor: ACTOR, hold: { messageIt: describeQualityHold(reason)! } })) paused.push(id);
    }
    // FLAGGED -> RED (or back): the held alerts say the current reason.
    await ctx.db.alert.updateMany({
      where: { status: 'PAUSED', pausedReason: { startsWith: QUALITY_REASON_PREFIX, not: reason } },
      data: { pausedReason: reason },
    });
    if (paused.length > 0) ctx.log.warn('normal alerts held: number quality', { alerts: paused, reason });
    return { paused, resumed };
  }
  const held = await ctx.db.alert.findMany({
    where: { status: 'PAUSED', pausedReason: { startsWith: QUALITY_REASON_PREFIX } },
    select: { id: true, pausedReason: true },
    orderBy: { publishedAt: 'asc' },
  });
  for (const a of held) {
    const ok = await ctx.db.$transaction(async (tx) => {
      // Meta may have moved the alert's template to MARKETING meanwhile: then it waits for that
      // decision instead (lib/delivery/template-holds.ts releases it).
      const alert = await tx.alert.findUnique({ where: { id: a.id }, select: { templateName: true, templateLanguage: true } });
      const template =
        alert?.templateName && alert.templateLanguage
          ? await tx.whatsAppTemplate.findUnique({
              where: { name_language: { name: alert.templateName, language: alert.templateLanguage } },
              select: { category: true, acceptedCategory: true, resubmittedAt: true },
            })
          : null;
      if (template && templateHoldCause(template) !== null) {
        const reason = templateHoldReason(alert!.templateName!, alert!.templateLanguage!);
        await tx.$executeRaw`UPDATE alerts SET paused_reason = ${reason}, updated_at = ${ctx.now()}
          WHERE id = ${a.id}::uuid AND status = 'PAUSED' AND paused_reason = ${a.pausedReason}`;
        return false;
      }
      const n = await tx.$executeRaw`UPDATE alerts SET status = 'SENDING', paused_reason = NULL, updated_at = ${ctx.now()}
        WHERE id = ${a.id}::uuid AND status = 'PAUSED' AND paused_reason = ${a.pausedReason}`;
      if (n === 0) return false;
      await recordAudit(ctx, tx, { actor: ACTOR, action: 'alert_resume', target: a.id, details: { reason: 'number_quality_ok', held: a.pausedReason } });
      await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
      return true;
    });
    if (ok) resumed.push(a.id);
  }
  if (resumed.length > 0) ctx.log.info('held alerts resumed: number quality is fine again', { alerts: resumed });
  return { paused, resumed };
}
