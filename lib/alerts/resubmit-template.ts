import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { loadSettings } from '../settings/store';
import { graphFromContext } from '../templates/graph';
import { standardTemplates } from '../templates/standard';
import { templateHoldCause } from '../templates/template-hold';
import type { GraphClient } from '../whatsapp/client';
import { GraphApiError } from '../whatsapp/errors';
import type { TemplateDecisionResult } from './accept-template-category';

/**
 * Asks Meta again for UTILITY for a template it moved to MARKETING (`POST /<TEMPLATE_ID>` with
 * the category and our components). Meta reviews it (PENDING); the alerts held for it stay held
 * until Meta approves it as UTILITY (a status webhook, lib/templates/apply-template-status.ts),
 * then resume by themselves. Meta may refuse the edit (it does not let every approved template
 * change category): the refusal is shown as it is and nothing changes here.
 */
export async function resubmitTemplateAsUtility(
  ctx: AppContext,
  { actor, name, language, graph = graphFromContext(ctx) }: { actor: Actor; name: string; language: string; graph?: GraphClient },
): Promise<TemplateDecisionResult> {
  assertRole(actor, 'EDITOR');
  const row = await ctx.db.whatsAppTemplate.findUnique({ where: { name_language: { name, language } } });
  if (!row) throw new AppError('not_found', `Il modello «${name}» non esiste.`);
  if (templateHoldCause(row) !== 'marketing') {
    throw new AppError('conflict', `Il modello «${name}» non è nella categoria MARKETING in attesa di una decisione (categoria ${row.category}).`);
  }
  if (!row.metaId) throw new AppError('conflict', `Il modello «${name}» non è ancora su Meta: sincronizza i modelli.`);
  const def = standardTemplates(await loadSettings(ctx.db)).find((d) => d.name === name && d.language === language);
  const components = def?.components ?? (Array.isArray(row.components) ? (row.components as unknown[]) : []);
  try {
    await graph.editTemplate(row.metaId, { category: 'UTILITY', components });
  } catch (e) {
    const detail = e instanceof GraphApiError ? `${e.message}${e.details ? ` (${e.details})` : ''} [${e.code}]` : (e as Error).message;
    ctx.log.warn('template resubmission refused', { template: name, language, error: detail });
    throw new AppError(
      e instanceof GraphApiError && e.httpStatus < 500 ? 'conflict' : 'unavailable',
      `Meta non ha accettato di riesaminare il modello come UTILITY: ${detail}. Puoi chiedere una revisione in WhatsApp Manager oppure accettare la nuova categoria.`,
      { meta: detail },
    );
  }
  const now = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.whatsAppTemplate.update({ where: { id: row.id }, data: { status: 'PENDING', resubmittedAt: now, statusChangedAt: now, lastSyncedAt: now } });
    await recordAudit(ctx, tx, { actor, action: 'template_resubmit', target: `${name}/${language}`, details: { from: row.category, to: 'UTILITY' } });
  });
  ctx.log.info('template resubmitted to Meta as UTILITY; alerts stay held until it is approved', { template: name, language });
  return { template: name, language, category: row.category, released: [] };
}
