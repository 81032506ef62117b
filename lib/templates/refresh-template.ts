/**
 * Re-reading a template from Meta: periodically (the worker's maintenance lists them all, one call)
 * and at every send decision (one template, `GET /<TEMPLATE_ID>`), so a category change or a pause
 * whose webhook was lost or late is still seen before anything is sent. Meta allows 200 management
 * calls an hour per app and account: a send decision re-reads only when the local copy is older
 * than TEMPLATE_FRESH_MS, so at most 12 reads an hour per template come from sending.
 */
import { systemActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import type { GraphClient, TemplateInfo } from '../whatsapp/client';
import { GraphApiError } from '../whatsapp/errors';
import { graphFromContext } from './graph';
import { templateHoldCause } from './template-hold';
import { updateTemplateAndNotify } from './template-notice';

/** A local copy younger than this is used as it is at a send decision. */
export const TEMPLATE_FRESH_MS = 5 * 60 * 1000;
/** A send decision waits at most this long for Meta before it uses the local copy. */
export const SEND_DECISION_TIMEOUT_MS = 3000;
/** After a failed read, send decisions use the local copy for this long (no call, no wait). */
export const READ_FAILURE_BACKOFF_MS = 60 * 1000;
/** Per database (one installation; tests run several side by side): template -> last failed read. */
const failures = new WeakMap<object, Map<string, number>>();

/** The fields a change of category writes (previous category and time kept; a notice is consumed). */
export function categoryChange(row: { category: string }, category: string, at: Date): Prisma.WhatsAppTemplateUpdateInput {
  if (row.category === category) return {};
  return { category, previousCategory: row.category, categoryChangedAt: at, impendingCategory: null, impendingCategoryAt: null };
}

function errorText(e: unknown): string {
  if (e instanceof GraphApiError) return `${e.message} [${e.code}]`;
  return (e as Error)?.message ?? String(e);
}

/**
 * Stores what Meta says of one template now: status, category (a change keeps the previous one,
 * is audited, and a move to MARKETING is logged as a warning), components. Returns the new row's
 * fields, or null when we have no row for it and `create` is false.
 */
export async function recordRemoteTemplate(ctx: AppContext, t: TemplateInfo, o: { at: Date; create?: boolean }): Promise<void> {
  const where = { name_language: { name: t.name, language: t.language } };
  const row = await ctx.db.whatsAppTemplate.findUnique({ where });
  const status = t.status.toUpperCase();
  const category = t.category.toUpperCase();
  const base = {
    status,
    metaId: t.id,
    components: t.components as Prisma.InputJsonValue,
    lastSyncedAt: o.at,
    // A reason only means something while the template is rejected.
    ...(status === 'REJECTED' ? {} : { rejectedReason: null }),
  };
  if (!row) {
    if (o.create === false) return;
    await ctx.db.whatsAppTemplate.upsert({ where, create: { name: t.name, language: t.language, category, ...base }, update: { category, ...base } });
    return;
  }
  const change = categoryChange(row, category, o.at);
  const statusChanged = row.status !== status;
  const reviewDone = row.resubmittedAt && (status === 'APPROVED' || status === 'REJECTED' || status === 'DISABLED') ? { resubmittedAt: null } : {};
  const accepted =
    'category' in change && row.acceptedCategory && row.acceptedCategory !== category ? { acceptedCategory: null, acceptedBy: null, acceptedAt: null } : {};
  await updateTemplateAndNotify(ctx, row, { ...base, ...change, ...reviewDone, ...accepted, ...(statusChanged ? { statusChangedAt: o.at } : {}) });
  if ('category' in change) {
    const held = templateHoldCause({ ...row, ...accepted, ...reviewDone, category }) !== null;
    await recordAudit(ctx, ctx.db, {
      actor: systemActor('meta'),
      action: 'template_category_change',
      target: `${t.name}/${t.language}`,
      details: { from: row.category, to: category, held, seen: 'read' },
    });
    const fields = { template: t.name, language: t.language, category, previous: row.category };
    if (held) ctx.log.warn('Meta moved a template to MARKETING: alerts using it are held until a person decides', fields);
    else ctx.log.info('template category changed', fields);
  }
  if (statusChanged) ctx.log.info('template status re-read from Meta', { template: t.name, language: t.language, from: row.status, status });
}

/**
 * At a send decision: re-reads the template from Meta when the local copy is older than
 * TEMPLATE_FRESH_MS (always with `force`). Never throws: when Meta cannot be read the local copy
 * is used and the failure logged. Returns 'fresh' (local copy recent), 'read' (re-read now) or
 * 'local' (not on Meta yet, or Meta unreachable).
 */
export async function refreshTemplateForSend(
  ctx: AppContext,
  o: { name: string; language: string; graph?: GraphClient; force?: boolean },
): Promise<'fresh' | 'read' | 'local'> {
  const now = ctx.now();
  const row = await ctx.db.whatsAppTemplate.findUnique({ where: { name_language: { name: o.name, language: o.language } } });
  if (!row?.metaId) return 'local';
  if (!o.force && row.lastSyncedAt && now.getTime() - row.lastSyncedAt.getTime() < TEMPLATE_FRESH_MS) return 'fresh';
  // Meta just failed us (down, or 80007 call limit): do not make every decision wait or spend calls.
  const key = `${o.name}/${o.language}`;
  let lastFailure = failures.get(ctx.pool);
  if (!lastFailure) failures.set(ctx.pool, (lastFailure = new Map()));
  if (!o.force && Date.now() - (lastFailure.get(key) ?? 0) < READ_FAILURE_BACKOFF_MS) return 'local';
  try {
    const graph = o.graph ?? graphFromContext(ctx, { timeoutMs: SEND_DECISION_TIMEOUT_MS });
    const t = await graph.getTemplate(row.metaId);
    await recordRemoteTemplate(ctx, { ...t, name: row.name, language: row.language }, { at: now, create: false });
    lastFailure.delete(key);
    return 'read';
  } catch (e) {
    lastFailure.set(key, Date.now());
    ctx.log.warn('template re-read from Meta failed; using the local copy', {
      template: o.name,
      language: o.language,
      lastSyncedAt: row.lastSyncedAt?.toISOString() ?? null,
      error: errorText(e),
    });
    return 'local';
  }
}

/** Re-reads one template now, whatever the age of the local copy. Never throws. */
export function rereadTemplate(ctx: AppContext, o: { name: string; language: string; graph?: GraphClient }): Promise<'fresh' | 'read' | 'local'> {
  return refreshTemplateForSend(ctx, { ...o, force: true });
}

/**
 * The periodic re-read (the worker's maintenance, every 10 minutes: one management call, 6 an
 * hour of Meta's 200): status and category of every template as Meta has them, in case a webhook
 * was lost. Never throws; returns the number of templates read, or null when Meta could not be read.
 */
export async function refreshAllTemplates(ctx: AppContext, graph: GraphClient = graphFromContext(ctx)): Promise<number | null> {
  try {
    const remote = await graph.listTemplates();
    const at = ctx.now();
    for (const t of remote) await recordRemoteTemplate(ctx, t, { at });
    return remote.length;
  } catch (e) {
    ctx.log.warn('periodic template re-read from Meta failed; the local copy stays in use', { error: errorText(e) });
    return null;
  }
}
