import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { shapeFromComponents, type TemplateShape } from './shape';
import { standardTemplates, type StandardRole } from './standard';
import { templateHoldCause, type HoldCause } from './template-hold';

export interface TemplateListItem {
  name: string;
  language: string;
  category: string;
  status: string;
  /** Italian, for the status badge. */
  statusLabel: string;
  rejectedReason: string | null;
  lastSyncedAt: Date | null;
  /** Set for Banditore's own templates. */
  role: StandardRole | null;
  purpose: string | null;
  shape: TemplateShape | null;
  previousCategory: string | null;
  categoryChangedAt: Date | null;
  impendingCategory: string | null;
  impendingCategoryAt: Date | null;
  statusReason: string | null;
  statusChangedAt: Date | null;
  acceptedCategory: string | null;
  acceptedBy: string | null;
  acceptedAt: Date | null;
  /** Waiting for a person's decision (lib/templates/template-hold.ts). */
  hold: HoldCause | null;
}

type Row = Awaited<ReturnType<AppContext['db']['whatsAppTemplate']['findMany']>>[number];

function metaFacts(r: Row | undefined) {
  return {
    previousCategory: r?.previousCategory ?? null,
    categoryChangedAt: r?.categoryChangedAt ?? null,
    impendingCategory: r?.impendingCategory ?? null,
    impendingCategoryAt: r?.impendingCategoryAt ?? null,
    statusReason: r?.statusReason ?? null,
    statusChangedAt: r?.statusChangedAt ?? null,
    acceptedCategory: r?.acceptedCategory ?? null,
    acceptedBy: r?.acceptedBy ?? null,
    acceptedAt: r?.acceptedAt ?? null,
    hold: r ? templateHoldCause(r) : null,
  };
}

export const TEMPLATE_STATUS_LABEL: Record<string, string> = {
  APPROVED: 'Approvato',
  PENDING: 'In revisione da Meta',
  REJECTED: 'Rifiutato',
  PAUSED: 'Sospeso',
  DISABLED: 'Disattivato',
  NOT_SUBMITTED: 'Non ancora inviato a Meta',
};

/** The templates page: Banditore's standard templates first (even if never submitted), then the others. */
export async function listTemplates(ctx: AppContext, { actor }: { actor: Actor }): Promise<TemplateListItem[]> {
  assertRole(actor, 'EDITOR');
  const settings = await loadSettings(ctx.db);
  const rows = await ctx.db.whatsAppTemplate.findMany({ orderBy: [{ name: 'asc' }, { language: 'asc' }] });
  const items: TemplateListItem[] = [];
  const seen = new Set<string>();
  for (const def of standardTemplates(settings)) {
    const row = rows.find((r) => r.name === def.name && r.language === def.language);
    seen.add(`${def.name}/${def.language}`);
    const status = row?.status ?? 'NOT_SUBMITTED';
    items.push({
      name: def.name,
      language: def.language,
      category: row?.category ?? def.category,
      status,
      statusLabel: TEMPLATE_STATUS_LABEL[status] ?? status,
      rejectedReason: row?.rejectedReason ?? null,
      lastSyncedAt: row?.lastSyncedAt ?? null,
      role: def.role,
      purpose: def.purpose,
      shape: shapeFromComponents(def.name, def.language, row?.components ?? def.components),
      ...metaFacts(row),
    });
  }
  for (const r of rows) {
    if (seen.has(`${r.name}/${r.language}`)) continue;
    items.push({
      name: r.name,
      language: r.language,
      category: r.category,
      status: r.status,
      statusLabel: TEMPLATE_STATUS_LABEL[r.status] ?? r.status,
      rejectedReason: r.rejectedReason,
      lastSyncedAt: r.lastSyncedAt,
      role: null,
      purpose: null,
      shape: shapeFromComponents(r.name, r.language, r.components),
      ...metaFacts(r),
    });
  }
  return items;
}
