/**
 * Keeps `whatsapp_templates` in step with Meta: lists the account's templates, submits the
 * standard ones that are missing (Meta reviews them; the simulator approves after a short delay
 * and both announce the result with a message_template_status_update webhook, see
 * apply-template-status.ts), and stores every template's status. Run from the templates page,
 * `npm run cli -- templates:sync`, and at start-up.
 */
import { assertActor, systemActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { loadSettings } from '../settings/store';
import type { GraphClient, TemplateInfo } from '../whatsapp/client';
import { GraphApiError } from '../whatsapp/errors';
import { graphFromContext } from './graph';
import { recordRemoteTemplate } from './refresh-template';
import { standardTemplates } from './standard';

export interface SyncResult {
  /** Standard templates submitted now (`name/language`). */
  created: string[];
  /** Standard templates Meta refused to create, with its reason. */
  failed: { name: string; language: string; error: string }[];
  /** Templates on the account after the sync. */
  total: number;
}

const key = (name: string, language: string) => `${name}/${language}`;

function errorText(e: unknown): string {
  if (e instanceof GraphApiError) return `${e.message}${e.details ? ` (${e.details})` : ''} [${e.code}]`;
  return (e as Error)?.message ?? String(e);
}

export async function syncTemplates(ctx: AppContext, { actor, graph }: { actor: AnyActor; graph: GraphClient }): Promise<SyncResult> {
  assertActor(actor, 'EDITOR');
  const settings = await loadSettings(ctx.db);
  let remote: TemplateInfo[];
  try {
    remote = await graph.listTemplates();
  } catch (e) {
    ctx.log.warn('template list failed', { error: errorText(e) });
    throw new AppError('unavailable', 'Meta non risponde: riprova tra qualche minuto.', { cause: errorText(e) });
  }
  const onMeta = new Map(remote.map((t) => [key(t.name, t.language), t]));
  const created: string[] = [];
  const failed: SyncResult['failed'] = [];
  const now = ctx.now();

  for (const def of standardTemplates(settings)) {
    if (onMeta.has(key(def.name, def.language))) continue;
    try {
      const r = await graph.createTemplate({ name: def.name, language: def.language, category: def.category, components: def.components });
      onMeta.set(key(def.name, def.language), {
        id: r.id,
        name: def.name,
        language: def.language,
        category: r.category || def.category,
        status: r.status,
        components: def.components,
      });
      created.push(key(def.name, def.language));
    } catch (e) {
      failed.push({ name: def.name, language: def.language, error: errorText(e) });
      const data = {
        category: def.category,
        status: 'NOT_SUBMITTED',
        components: def.components as Prisma.InputJsonValue,
        rejectedReason: errorText(e).slice(0, 1000),
        lastSyncedAt: now,
      };
      await ctx.db.whatsAppTemplate.upsert({
        where: { name_language: { name: def.name, language: def.language } },
        create: { name: def.name, language: def.language, ...data },
        update: data,
      });
    }
  }

  // Status and category as Meta has them now; a category change is kept, audited and logged.
  for (const t of onMeta.values()) await recordRemoteTemplate(ctx, t, { at: now });
  // Templates deleted on Meta's side (other than the standard ones, kept with their error above).
  const standard = new Set(standardTemplates(settings).map((d) => key(d.name, d.language)));
  const rows = await ctx.db.whatsAppTemplate.findMany({ select: { id: true, name: true, language: true } });
  const gone = rows.filter((r) => !onMeta.has(key(r.name, r.language)) && !standard.has(key(r.name, r.language)));
  if (gone.length > 0) await ctx.db.whatsAppTemplate.deleteMany({ where: { id: { in: gone.map((r) => r.id) } } });

  await recordAudit(ctx, ctx.db, {
    actor,
    action: 'templates_sync',
    details: { created, failed: failed.map((f) => key(f.name, f.language)), total: onMeta.size },
  });
  ctx.log.info('templates synced', { created, failed: failed.length, total: onMeta.size });
  return { created, failed, total: onMeta.size };
}

/** For the start-up sequence: never throws, logs the outcome. */
export async function syncTemplatesAtStartup(ctx: AppContext, graph: GraphClient = graphFromContext(ctx)): Promise<SyncResult | null> {
  try {
    return await syncTemplates(ctx, { actor: systemActor('startup'), graph });
  } catch (e) {
    ctx.log.warn('template sync at start-up failed; run `npm run cli -- templates:sync` later', { error: errorText(e) });
    return null;
  }
}
