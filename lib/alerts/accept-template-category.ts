import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import { AppError } from '../errors';
import { templateHoldCause } from '../templates/template-hold';

export interface TemplateDecisionResult {
  template: string;
  language: string;
  category: string;
  /** Alerts that were held for this template and go on now. */
  released: string[];
}

/**
 * A person accepts the category Meta moved a template to (MARKETING): audited, the alerts held for
 * it resume at once, and estimates and the month's spend use the new category from now on. A later
 * change of category by Meta makes the acceptance moot (lib/templates/apply-template-status.ts).
 */
export async function acceptTemplateCategory(
  ctx: AppContext,
  { actor, name, language }: { actor: Actor; name: string; language: string },
): Promise<TemplateDecisionResult> {
  assertRole(actor, 'EDITOR');
  const row = await ctx.db.whatsAppTemplate.findUnique({ where: { name_language: { name, language } } });
  if (!row) throw new AppError('not_found', `Il modello «${name}» non esiste.`);
  if (!templateHoldCause(row)) {
    throw new AppError('conflict', `Il modello «${name}» non è in attesa di una decisione: la sua categoria è ${row.category}.`);
  }
  const now = ctx.now();
  const who = actor.kind === 'staff' ? actor.email : `api-key:${actor.name}`;
  await ctx.db.$transaction(async (tx) => {
    await tx.whatsAppTemplate.update({
      where: { id: row.id },
      data: { acceptedCategory: row.category, acceptedBy: who, acceptedAt: now, resubmittedAt: null },
    });
    await recordAudit(ctx, tx, {
      actor,
      action: 'template_category_accept',
      target: `${name}/${language}`,
      details: { category: row.category, previous: row.previousCategory, withdrawnResubmission: row.resubmittedAt !== null },
    });
  });
  ctx.log.warn('template category accepted: alerts using it are sent at its price', { template: name, language, category: row.category });
  const { released } = await reconcileTemplateHolds(ctx, { actor });
  return { template: name, language, category: row.category, released };
}
