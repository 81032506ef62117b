import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { loadSettings } from '../settings/store';
import type { WebhookEvent } from '../whatsapp/webhook-parse';
import { standardTemplates } from './standard';

export type TemplateStatusEvent = Extract<WebhookEvent, { kind: 'template_status' }>;

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

/**
 * Applies a `message_template_status_update` webhook (called by lib/inbound/process-events.ts).
 * Idempotent: it sets the status the event names. An event for a template we have never listed
 * creates its row (components from our definition when it is a standard one).
 * FLAGGED is a quality warning, not a status change: it is only logged.
 */
export async function applyTemplateStatus(ctx: AppContext, event: TemplateStatusEvent): Promise<void> {
  const name = event.event.toUpperCase();
  const status = STATUS_OF[name];
  if (!status) {
    ctx.log.info('template event ignored', { template: event.name, event: event.event });
    return;
  }
  const rejectedReason = status === 'REJECTED' && event.reason && event.reason !== 'NONE' ? event.reason.slice(0, 1000) : null;
  const data = { status, metaId: event.templateId, rejectedReason, lastSyncedAt: ctx.now() };
  const where = { name_language: { name: event.name, language: event.language } };
  const existing = await ctx.db.whatsAppTemplate.findUnique({ where, select: { id: true } });
  if (existing) {
    await ctx.db.whatsAppTemplate.update({ where, data });
  } else {
    const def = standardTemplates(await loadSettings(ctx.db)).find((d) => d.name === event.name && d.language === event.language);
    await ctx.db.whatsAppTemplate.create({
      data: {
        name: event.name,
        language: event.language,
        category: def?.category ?? 'UTILITY',
        components: (def?.components ?? []) as Prisma.InputJsonValue,
        ...data,
      },
    });
  }
  ctx.log.info('template status', { template: event.name, language: event.language, status });
}
