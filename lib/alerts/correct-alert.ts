import type { Actor } from '../access/roles';
import { assertRole, assertScope } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError, invalidInput } from '../errors';
import { loadSettings } from '../settings/store';
import { loadTemplateState } from '../templates/load-template';
import { correctable, lockAlert, STATUS_LABEL, TX_OPTIONS, writeContent, type AlertOutcome } from './alert-record';
import { completePublishing } from './continue-publishing';
import { countRecipientsSql } from '../delivery/recipients';
import { parseAlertInput, toAlertContent } from './schema';
import { sendNowLocked } from './send-alert-now';

export interface CorrectAlertInput {
  actor: Actor;
  /** The alert being corrected. */
  alertId: string;
  /** `{ title, body, link? }`: the correction's text (the form or the API body). */
  input: unknown;
}

export interface CorrectionOutcome extends AlertOutcome {
  correctsAlertId: string;
}

/** What a correction's title starts with, so that nobody mistakes it for a new alert. */
export const CORRECTION_PREFIX = 'Rettifica: ';
const FIELDS = ['title', 'body', 'link'];

/** "Orari giusti" → "Rettifica: Orari giusti"; a title that already says "Rettifica" stays as it is. */
export function correctionTitle(title: string): string {
  const t = title.trim();
  // Nothing written stays nothing, so that the schema asks for a title.
  return t === '' || /^rettific/i.test(t) ? t : `${CORRECTION_PREFIX}${t}`;
}

/**
 * A correction of an alert that reached people (sent, or stopped after it started): a new alert
 * linked to it (`corrects_alert_id`), with the original's urgency, topics and archive choice, sent
 * at once through the normal pipeline and template to everyone who received the original — a
 * delivery SENT, DELIVERED or READ, still subscribed and reachable (recipients.ts `recipientsOf`),
 * whatever their topics now and never held back by the weekly cap. Everything the send-now path
 * decides still applies: quiet hours for a normal alert, and the four-eyes rule (it waits for a
 * second editor when its topics reach everyone, as the original's did). Created, decided and
 * audited (`alert_correct` on the original) in one transaction: a refused correction leaves nothing.
 */
export async function correctAlert(ctx: AppContext, { actor, alertId, input }: CorrectAlertInput): Promise<CorrectionOutcome> {
  assertRole(actor, 'EDITOR');
  assertScope(actor, 'alerts:send', 'send corrections');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidInput('Scrivi il titolo e il testo della rettifica.', { _: ['Expected a JSON object such as {"title": "…", "body": "…"}.'] });
  }
  const body = input as Record<string, unknown>;
  const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
  if (unknown.length > 0)
    throw invalidInput('Campi sconosciuti.', Object.fromEntries(unknown.map((k) => [k, [`Unknown field. Allowed: ${FIELDS.join(', ')}.`]])));
  const settings = await loadSettings(ctx.db, { fresh: true });
  const template = await loadTemplateState(ctx.db, settings, 'alert');

  const outcome = await ctx.db.$transaction(async (tx) => {
    const original = await lockAlert(tx, alertId);
    if (!correctable(original)) {
      throw new AppError('conflict', `Si può rettificare solo un avviso già inviato: questo è ${STATUS_LABEL[original.status]}.`, {
        status: original.status,
        english: 'Only an alert that has gone out (sent, or stopped after it started) can be corrected. Before sending, edit or cancel it instead.',
      });
    }
    const content = toAlertContent(
      parseAlertInput(
        {
          title: typeof body.title === 'string' ? correctionTitle(body.title) : body.title,
          body: body.body,
          link: body.link,
          urgency: original.urgency === 'URGENT' ? 'urgent' : 'normal',
          urgentReason: original.urgency === 'URGENT' ? (original.urgentReason ?? 'Rettifica di un avviso urgente') : undefined,
          ...(original.allTopics ? {} : { topics: original.topics.map((t) => t.topic.slug) }),
          publicArchive: original.publicArchive,
        },
        template.shape,
      ),
    );
    const now = ctx.now();
    const created = await tx.alert.create({
      data: {
        title: content.title,
        body: content.body,
        status: 'DRAFT',
        correctsAlertId: original.id,
        createdById: actor.kind === 'staff' ? actor.id : null,
        apiKeyId: actor.kind === 'api_key' ? actor.id : null,
        createdAt: now,
      },
      select: { id: true },
    });
    // The original's topics as they were (a retired topic included): they decide the four-eyes rule.
    await writeContent(tx, created.id, content, null);
    await tx.alert.update({ where: { id: created.id }, data: { allTopics: original.allTopics } });
    if (!original.allTopics) await tx.alertTopic.createMany({ data: original.topics.map((t) => ({ alertId: created.id, topicId: t.topicId })) });
    await recordAudit(ctx, tx, {
      actor,
      action: 'alert_correct',
      target: original.id,
      details: { correction: created.id, title: content.title },
    });
    const sent = await sendNowLocked(ctx, tx, await lockAlert(tx, created.id), { actor, settings });
    return { ...sent, correctsAlertId: original.id };
  }, TX_OPTIONS);
  return completePublishing(ctx, outcome);
}

/** Who a correction of this alert would reach now (the dashboard's confirmation says how many). */
export async function countCorrectionRecipients(ctx: AppContext, { actor, alertId }: { actor: Actor; alertId: string }): Promise<number> {
  assertRole(actor, 'EDITOR');
  return (await countRecipientsSql(ctx.db, { topicIds: null, recipientsOf: alertId })).recipients;
}
