/**
 * The WhatsApp message of an alert, for every sender (the delivery worker and the test send):
 * one place decides the template and its parameters, so what the preview shows is what is sent.
 */
import type { Alert } from '../generated/prisma/client';
import type { TemplateSend } from '../whatsapp/payloads';
import { alertParams } from './template-fit';

export type AlertMessageSource = Pick<Alert, 'title' | 'body' | 'link' | 'isWelcome' | 'templateName' | 'templateLanguage'>;

/**
 * Published alerts carry their template name and language (set when publishing); `fallback` is
 * the current setting, for an alert not yet published (test sends).
 */
export function alertTemplateMessage(alert: AlertMessageSource, fallback?: { name: string; language: string }): TemplateSend {
  const name = alert.templateName ?? fallback?.name;
  const language = alert.templateLanguage ?? fallback?.language;
  if (!name || !language) throw new Error('alert has no template: publish it first or pass the current template');
  // The welcome template is all fixed text.
  return { name, language, bodyParams: alert.isWelcome ? [] : alertParams(alert) };
}
