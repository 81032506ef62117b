import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { alertInclude, notFound } from './alert-record';
import { isUuid } from '../ids';

export interface DuplicateAlertInput {
  actor: Actor;
  alertId: string;
}

/** A new draft with the content, topics and zones of another alert (typically a past one), to edit and send. */
export async function duplicateAlert(ctx: AppContext, { actor, alertId }: DuplicateAlertInput): Promise<{ id: string }> {
  assertRole(actor, 'EDITOR');
  if (!isUuid(alertId)) throw notFound();
  return ctx.db.$transaction(async (tx) => {
    const source = await tx.alert.findUnique({ where: { id: alertId }, include: alertInclude });
    if (!source || source.isWelcome) throw notFound();
    const copy = await tx.alert.create({
      data: {
        title: source.title,
        body: source.body,
        link: source.link,
        urgency: source.urgency,
        urgentReason: source.urgentReason,
        allTopics: source.allTopics,
        publicArchive: source.publicArchive,
        status: 'DRAFT',
        duplicatedFromId: source.id,
        createdById: actor.kind === 'staff' ? actor.id : null,
        apiKeyId: actor.kind === 'api_key' ? actor.id : null,
        createdAt: ctx.now(),
        topics: { create: source.topics.map((t) => ({ topicId: t.topicId })) },
        zones: { create: source.zones.map((z) => ({ zoneId: z.zoneId })) },
      },
      select: { id: true },
    });
    await recordAudit(ctx, tx, { actor, action: 'alert_create', target: copy.id, details: { duplicatedFrom: source.id, title: source.title } });
    return copy;
  });
}
