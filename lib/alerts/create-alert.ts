import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { resolveZoneIds } from '../zones/active-zones';
import { loadTemplateState } from '../templates/load-template';
import { resolveTopicIds, writeContent } from './alert-record';
import { parseAlertInput, toAlertContent, type AlertComposeFormValues } from './schema';

export interface CreateAlertInput {
  actor: Actor;
  /** The compose form / API body; `send` and `scheduledAt` are ignored here (see submit-alert.ts). */
  input: AlertComposeFormValues | unknown;
}

/** Saves a new alert as a DRAFT. Returns its id. */
export async function createAlert(ctx: AppContext, { actor, input }: CreateAlertInput): Promise<{ id: string }> {
  assertRole(actor, 'EDITOR');
  assertScope(actor, 'alerts:draft', 'create alerts');
  const settings = await loadSettings(ctx.db);
  const template = await loadTemplateState(ctx.db, settings, 'alert');
  const content = toAlertContent(parseAlertInput(input, template.shape));
  return ctx.db.$transaction(async (tx) => {
    const topicIds = await resolveTopicIds(tx, content.topicSlugs);
    const zoneIds = await resolveZoneIds(tx, content.zoneSlugs);
    const alert = await tx.alert.create({
      data: {
        title: content.title,
        body: content.body,
        status: 'DRAFT',
        createdById: actor.kind === 'staff' ? actor.id : null,
        apiKeyId: actor.kind === 'api_key' ? actor.id : null,
        createdAt: ctx.now(),
      },
      select: { id: true },
    });
    await writeContent(tx, alert.id, content, topicIds, zoneIds);
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_create',
      target: alert.id,
      details: { title: content.title, urgency: content.urgency, topics: content.topicSlugs ?? 'all', zones: content.zoneSlugs ?? 'all' },
    });
    return alert;
  });
}
