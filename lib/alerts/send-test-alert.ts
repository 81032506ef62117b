import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import { getStaffPhone } from '../auth/staff-phone';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError, invalidInput } from '../errors';
import { enqueueMessage } from '../outbox/enqueue';
import { hitRateLimit } from '../security/rate-limit';
import { loadSettings } from '../settings/store';
import { assertTemplateReady, loadTemplateState } from '../templates/load-template';
import { explainTemplateHold, templateHoldReason } from '../templates/template-hold';
import { refreshTemplatesForSend } from './template-decision';
import { maskPhone } from '../subscriptions/phone';
import { notFound } from './alert-record';
import { isUuid } from '../ids';
import { alertTemplateMessage } from '../templates/alert-message';
import { parseAlertInput, toAlertContent, type AlertComposeFormValues } from './schema';

export type SendTestAlertInput =
  | { actor: Actor; alertId: string }
  /** The form as it is now, even unsaved. */
  | { actor: Actor; input: AlertComposeFormValues | unknown };

/** Tests per editor per hour: enough to iterate on a text, not enough to spam one's own phone. */
const TESTS_PER_HOUR = 20;

/**
 * Sends the alert, exactly as subscribers will get it, to the editor's own number (staff profile).
 * Allowed before the launch. Goes through the outbox like every one-to-one message.
 */
export async function sendTestAlert(ctx: AppContext, args: SendTestAlertInput): Promise<{ to: string }> {
  const { actor } = args;
  assertRole(actor, 'EDITOR');
  if (actor.kind !== 'staff')
    throw new AppError('forbidden', 'La prova si invia al numero di una persona della redazione: non è disponibile per le chiavi API.');
  const to = await getStaffPhone(ctx, actor.id);
  if (!to) {
    throw invalidInput('Aggiungi il tuo numero di cellulare nel tuo profilo per ricevere la prova.', { phone: ['Numero mancante nel profilo.'] });
  }
  const settings = await loadSettings(ctx.db);
  await refreshTemplatesForSend(ctx, settings, 'alert');
  const template = await loadTemplateState(ctx.db, settings, 'alert');
  assertTemplateReady(template);
  // Not even a test goes out with a template moved to MARKETING before a person decides.
  const hold = template.hold ? explainTemplateHold(templateHoldReason(template.name, template.language)) : null;
  if (hold) throw new AppError('template_not_ready', hold.messageIt, { hold: hold.code, template: template.name });

  let source: { title: string; body: string; link: string | null };
  let alertId: string | null = null;
  if ('alertId' in args) {
    if (!isUuid(args.alertId)) throw notFound();
    const alert = await ctx.db.alert.findUnique({ where: { id: args.alertId }, select: { id: true, title: true, body: true, link: true, isWelcome: true } });
    if (!alert || alert.isWelcome) throw notFound();
    source = alert;
    alertId = alert.id;
  } else {
    const content = toAlertContent(parseAlertInput(args.input, template.shape));
    source = { title: content.title, body: content.body, link: content.link };
  }
  const message = alertTemplateMessage(
    { ...source, isWelcome: false, templateName: null, templateLanguage: null },
    { name: template.name, language: template.language },
  );
  const limit = await hitRateLimit(ctx.pool, { key: `alert-test:${actor.id}`, limit: TESTS_PER_HOUR, windowSeconds: 3600 }, ctx.now());
  if (!limit.allowed) throw new AppError('rate_limited', 'Hai inviato molte prove in poco tempo: riprova più tardi.', { retryAfter: limit.retryAfter });

  await ctx.db.$transaction(async (tx) => {
    await enqueueMessage(tx, ctx.cipher, {
      idempotencyKey: `test:${actor.id}:${ctx.now().getTime()}:${alertId ?? 'draft'}`,
      to,
      purpose: 'test',
      content: { type: 'template', name: message.name, language: message.language, bodyParams: message.bodyParams },
    });
    await recordAudit(ctx, tx, { actor, action: 'alert_test_send', target: alertId ?? undefined, details: { title: source.title } });
  });
  return { to: maskPhone(to) };
}
