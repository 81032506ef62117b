import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { resolveZoneIds } from '../zones/active-zones';
import { loadTemplateState } from '../templates/load-template';
import { EDITABLE, lockAlert, needsSecondEditor, resolveTopicIds, wrongStatus, writeContent, type AlertOutcome } from './alert-record';
import { computeReleaseAt } from './quiet-hours';
import { reachesEveryone } from './audience';
import { parseAlertInput, toAlertContent, type AlertComposeFormValues } from './schema';

export interface UpdateAlertInput {
  actor: Actor;
  alertId: string;
  /** The whole compose form; `send` and `scheduledAt` are ignored (use schedule/send use cases). */
  input: AlertComposeFormValues | unknown;
}

/**
 * Changes the content of an alert that has not gone out (draft, waiting for approval, scheduled).
 * A scheduled alert keeps its time, but its release is recomputed (urgency may have changed);
 * an approval given to the old text no longer counts: it goes back to the second editor.
 */
export async function updateAlert(ctx: AppContext, { actor, alertId, input }: UpdateAlertInput): Promise<AlertOutcome> {
  assertRole(actor, 'EDITOR');
  const settings = await loadSettings(ctx.db);
  const template = await loadTemplateState(ctx.db, settings, 'alert');
  const content = toAlertContent(parseAlertInput(input, template.shape));
  return ctx.db.$transaction(async (tx) => {
    const alert = await lockAlert(tx, alertId);
    if (!EDITABLE.includes(alert.status) || alert.isWelcome) throw wrongStatus(alert, 'modificare');
    const topicIds = await resolveTopicIds(tx, content.topicSlugs);
    const zoneIds = await resolveZoneIds(tx, content.zoneSlugs);
    await writeContent(tx, alert.id, content, topicIds, zoneIds);
    let status = alert.status;
    let releaseAt = alert.releaseAt;
    let held = false;
    if (alert.status !== 'DRAFT') {
      const everyone = settings.fourEyes && (await reachesEveryone(tx, topicIds, zoneIds));
      const needs = needsSecondEditor({ approvedById: null, isWelcome: false }, settings.fourEyes, everyone);
      status = needs ? 'PENDING_APPROVAL' : 'SCHEDULED';
      const at = alert.scheduledAt ?? ctx.now();
      releaseAt = computeReleaseAt(at, content.urgency, settings);
      held = releaseAt.getTime() > at.getTime();
      await tx.alert.update({ where: { id: alert.id }, data: { status, releaseAt, approvedById: null, approvedAt: null } });
    }
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_update',
      target: alert.id,
      details: { title: content.title, urgency: content.urgency, ...(content.urgentReason ? { urgentReason: content.urgentReason } : {}), status },
    });
    return { id: alert.id, status, releaseAt, held, recipients: null };
  });
}
