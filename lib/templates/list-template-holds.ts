import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { templateHoldCause, templateHoldReason, type HoldCause } from './template-hold';

export interface TemplateHoldItem {
  name: string;
  language: string;
  category: string;
  previousCategory: string | null;
  status: string;
  cause: HoldCause;
  categoryChangedAt: Date | null;
  resubmittedAt: Date | null;
  /** Alerts waiting for the decision (PAUSED with this template's hold). */
  heldAlerts: number;
}

/**
 * The templates waiting for a person's decision (moved to MARKETING, or resubmitted and under
 * review), with the alerts they hold: the notice on the home and templates pages.
 */
export async function listTemplateHolds(ctx: AppContext, { actor }: { actor: Actor }): Promise<TemplateHoldItem[]> {
  assertRole(actor, 'VIEWER');
  const rows = await ctx.db.whatsAppTemplate.findMany({
    where: { OR: [{ category: 'MARKETING' }, { resubmittedAt: { not: null } }] },
    orderBy: [{ name: 'asc' }, { language: 'asc' }],
  });
  const out: TemplateHoldItem[] = [];
  for (const r of rows) {
    const cause = templateHoldCause(r);
    if (!cause) continue;
    const heldAlerts = await ctx.db.alert.count({ where: { status: 'PAUSED', pausedReason: templateHoldReason(r.name, r.language) } });
    out.push({
      name: r.name,
      language: r.language,
      category: r.category,
      previousCategory: r.previousCategory,
      status: r.status,
      cause,
      categoryChangedAt: r.categoryChangedAt,
      resubmittedAt: r.resubmittedAt,
      heldAlerts,
    });
  }
  return out;
}
