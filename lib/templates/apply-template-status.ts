import { systemActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { loadSettings } from '../settings/store';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { standardTemplates } from './standard';
import { categoryChange, rereadTemplate } from './refresh-template';
import { templateHoldCause } from './template-hold';
import { updateTemplateAndNotify } from './template-notice';

export type TemplateStatusEvent = Extract<WebhookEvent, { kind: 'template_status' }>;
export type TemplateCategoryEvent = Extract<WebhookEvent, { kind: 'template_category' }>;

/** Meta's event names -> the status we store (what decides whether we may send). */
const STATUS_OF: Record<string, string> = {
  APPROVED: 'APPROVED',
  REINSTATED: 'APPROVED',
  REJECTED: 'REJECTED',
  PENDING: 'PENDING',
  IN_APPEAL: 'PENDING',
  PAUSED: 'PAUSED',
  DISABLED: 'DISABLED',
  PENDING_DELETION: 'DISABLED',
  DELETED: 'DISABLED',
  ARCHIVED: 'DISABLED',
  LOCKED: 'PAUSED',
};

/** Review outcomes: a resubmission is over once Meta says one of these. */
const REVIEW_DONE = new Set(['APPROVED', 'REJECTED', 'DISABLED']);

type Where = { name_language: { name: string; language: string } };
type Row = NonNullable<Awaited<ReturnType<AppContext['db']['whatsAppTemplate']['findUnique']>>>;

/** The row of a template, created (from our definition when it is a standard one) if never listed. */
async function rowFor(ctx: AppContext, e: { name: string; language: string; templateId: string }, category?: string): Promise<Row> {
  const where: Where = { name_language: { name: e.name, language: e.language } };
  const existing = await ctx.db.whatsAppTemplate.findUnique({ where });
  if (existing) return existing;
  const def = standardTemplates(await loadSettings(ctx.db)).find((d) => d.name === e.name && d.language === e.language);
  return ctx.db.whatsAppTemplate.upsert({
    where,
    update: {},
    create: {
      name: e.name,
      language: e.language,
      category: category ?? def?.category ?? 'UTILITY',
      status: 'PENDING',
      metaId: e.templateId,
      components: (def?.components ?? []) as Prisma.InputJsonValue,
    },
  });
}

/**
 * Applies a `message_template_status_update` webhook (called by lib/inbound/process-events.ts).
 * Idempotent: it sets the status the event names, and keeps the event's reason and time. FLAGGED
 * (quality dropping, a pause may follow) and events Meta adds later keep the status as it is: they
 * are stored as the last event and logged. A review that ends (APPROVED, REJECTED, DISABLED) ends a
 * resubmission too; whether alerts are held is then decided by lib/delivery/template-holds.ts.
 */
export async function applyTemplateStatus(ctx: AppContext, event: TemplateStatusEvent): Promise<void> {
  const name = event.event.toUpperCase();
  const status = STATUS_OF[name];
  const now = ctx.now();
  const row = await rowFor(ctx, event, event.category);
  const reason = event.reason && event.reason !== 'NONE' ? event.reason.slice(0, 1000) : null;
  const data: Prisma.WhatsAppTemplateUpdateInput = {
    metaId: event.templateId,
    statusReason: `${name}${reason ? `: ${reason}` : ''}`.slice(0, 1000),
    // Events come back from the queue as JSON: times are ISO strings there.
    statusChangedAt: event.timestamp ? new Date(event.timestamp) : now,
    ...(event.category ? categoryChange(row, event.category, now) : {}),
  };
  if (status) {
    Object.assign(data, { status, rejectedReason: status === 'REJECTED' ? reason : null, lastSyncedAt: now });
    if (REVIEW_DONE.has(status)) data.resubmittedAt = null;
  }
  await updateTemplateAndNotify(ctx, row, data);
  // A resubmission came back without its category: ask Meta which one it settled on.
  if (status && REVIEW_DONE.has(status) && row.resubmittedAt && !event.category) await rereadTemplate(ctx, { name: event.name, language: event.language });
  const fields = { template: event.name, language: event.language, event: name, ...(reason ? { reason } : {}) };
  if (!status && name === 'FLAGGED') ctx.log.warn('template flagged by Meta (quality dropping; a pause may follow)', fields);
  else if (!status) ctx.log.warn('template event not known to Banditore: stored, status unchanged', fields);
  else if (status !== 'APPROVED' && status !== 'PENDING') ctx.log.warn('template status', { ...fields, status });
  else ctx.log.info('template status', { ...fields, status });
}

/**
 * Applies a `template_category_update` webhook. A completed change sets the category (keeping the
 * previous one and when); an impending notice only records the announced category and its date.
 * A move to MARKETING is audited and logged as a warning: alerts that need the template are held
 * until a person decides (lib/delivery/template-holds.ts, lib/alerts/accept-template-category.ts).
 */
export async function applyTemplateCategory(ctx: AppContext, event: TemplateCategoryEvent): Promise<void> {
  const now = ctx.now();
  const row = await rowFor(ctx, event, event.impending ? (event.previousCategory ?? undefined) : event.newCategory);
  const fields = { template: event.name, language: event.language, category: event.newCategory, previous: event.previousCategory ?? row.category };
  if (event.impending) {
    await ctx.db.whatsAppTemplate.update({
      where: { id: row.id },
      data: { metaId: event.templateId, impendingCategory: event.newCategory, impendingCategoryAt: event.effectiveAt ? new Date(event.effectiveAt) : null },
    });
    ctx.log.warn('Meta announced a template category change', { ...fields, effectiveAt: event.effectiveAt ? new Date(event.effectiveAt).toISOString() : null });
    return;
  }
  const change = categoryChange(row, event.newCategory, event.timestamp ? new Date(event.timestamp) : now);
  // A change away from a category a person accepted makes that acceptance moot.
  const accepted = row.acceptedCategory && row.acceptedCategory !== event.newCategory ? { acceptedCategory: null, acceptedBy: null, acceptedAt: null } : {};
  await updateTemplateAndNotify(ctx, row, { metaId: event.templateId, ...change, ...accepted });
  if (Object.keys(change).length === 0) return;
  const held = templateHoldCause({ ...row, ...accepted, category: event.newCategory }) !== null;
  await recordAudit(ctx, ctx.db, {
    actor: systemActor('meta'),
    action: 'template_category_change',
    target: `${event.name}/${event.language}`,
    details: { from: row.category, to: event.newCategory, held },
  });
  if (held) ctx.log.warn('Meta moved a template to MARKETING: alerts using it are held until a person decides', fields);
  else ctx.log.info('template category changed', fields);
}
