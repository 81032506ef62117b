/**
 * Holds and releases alerts on the state of their template (lib/templates/template-hold.ts): an
 * alert being sent with a template Meta moved to MARKETING (and nobody accepted) is paused with
 * `paused_reason` = `template_category:<name>/<language>`, so no worker claims another of its
 * deliveries; once a person decided (accepted the category, or Meta approved the resubmission as
 * UTILITY) and the template is APPROVED, those alerts go back to SENDING. Idempotent: run after
 * every template event, re-read, sync and decision.
 */
import { holdAtPublish } from './quality-guard';
import { systemActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { explainTemplateHold, parseTemplateHoldReason, templateHoldCause, templateHoldReason, TEMPLATE_HOLD_PREFIX } from '../templates/template-hold';
import { DELIVERY_CHANNEL } from './options';
import { pauseAlert } from './pause-alert';

export interface HoldChanges {
  held: string[];
  released: string[];
}

const key = (name: string | null, language: string | null) => `${name}/${language}`;

export async function reconcileTemplateHolds(ctx: AppContext, o: { actor?: AnyActor } = {}): Promise<HoldChanges> {
  const templates = await ctx.db.whatsAppTemplate.findMany({
    select: { name: true, language: true, category: true, status: true, acceptedCategory: true, resubmittedAt: true },
  });
  const held = new Set(templates.filter((t) => templateHoldCause(t) !== null).map((t) => key(t.name, t.language)));
  const usable = new Set(templates.filter((t) => t.status === 'APPROVED' && !held.has(key(t.name, t.language))).map((t) => key(t.name, t.language)));
  const out: HoldChanges = { held: [], released: [] };

  if (held.size > 0) {
    const sending = await ctx.db.alert.findMany({ where: { status: 'SENDING' }, select: { id: true, templateName: true, templateLanguage: true } });
    for (const a of sending) {
      if (!a.templateName || !a.templateLanguage || !held.has(key(a.templateName, a.templateLanguage))) continue;
      const reason = templateHoldReason(a.templateName, a.templateLanguage);
      const t = templates.find((x) => x.name === a.templateName && x.language === a.templateLanguage);
      if (await pauseAlert(ctx, a.id, reason, { actor: systemActor('templates'), hold: explainTemplateHold(reason, t)! })) {
        out.held.push(a.id);
        ctx.log.warn('alert held: its template was moved to MARKETING', { alert: a.id, template: a.templateName });
      }
    }
  }

  const waiting = await ctx.db.alert.findMany({
    where: { status: 'PAUSED', pausedReason: { startsWith: TEMPLATE_HOLD_PREFIX } },
    select: { id: true, pausedReason: true },
  });
  for (const a of waiting) {
    const ref = parseTemplateHoldReason(a.pausedReason);
    if (!ref || !usable.has(key(ref.name, ref.language))) continue;
    if (await releaseHeldAlert(ctx, a.id, a.pausedReason!, o.actor ?? systemActor('templates'))) {
      out.released.push(a.id);
      ctx.log.info('held alert released: its template may be used again', { alert: a.id, template: ref.name });
    }
  }
  return out;
}

async function releaseHeldAlert(ctx: AppContext, alertId: string, reason: string, actor: AnyActor): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const now = ctx.now();
    // The template decision is made; if the number is FLAGGED or RED meanwhile, a normal alert
    // stays held for that instead (quality-guard.ts resumes it when the quality is back).
    const alert = await tx.alert.findUnique({ where: { id: alertId }, select: { urgency: true } });
    const quality = await holdAtPublish(ctx, tx, alert?.urgency === 'URGENT');
    if (quality) {
      const moved = await tx.$executeRaw`UPDATE alerts SET paused_reason = ${quality}, updated_at = ${now}
        WHERE id = ${alertId}::uuid AND status = 'PAUSED' AND paused_reason = ${reason}`;
      if (moved > 0)
        await recordAudit(ctx, tx, { actor, action: 'alert_pause', target: alertId, details: { reason: quality, after: 'template_decision', hold: reason } });
      return false;
    }
    const n = await tx.$executeRaw`UPDATE alerts SET status = 'SENDING', paused_reason = NULL, updated_at = ${now}
      WHERE id = ${alertId}::uuid AND status = 'PAUSED' AND paused_reason = ${reason}`;
    if (n === 0) return false;
    await tx.$executeRaw`UPDATE deliveries SET available_at = ${now}
      WHERE alert_id = ${alertId}::uuid AND status = 'QUEUED' AND available_at > ${now} AND error_detail IS DISTINCT FROM 'daily_limit'`;
    await recordAudit(ctx, tx, { actor, action: 'alert_resume', target: alertId, details: { reason: 'template_decision', hold: reason } });
    await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
    return true;
  });
}
