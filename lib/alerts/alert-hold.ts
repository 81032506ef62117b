/**
 * Why a PAUSED alert waits, as the dashboard and the API show it: a machine code, an English
 * message (API) and an Italian one (dashboard). Each hold has its own `paused_reason` prefix;
 * this file knows the template hold (lib/templates/template-hold.ts). Any other reason (the sender
 * pausing on a Meta error) is shown as it is, with the code `paused`.
 */
import { explainTemplateHold, type HoldFields } from '../templates/template-hold';

export interface AlertHold {
  code: string;
  message: string;
  messageIt: string;
  /** The template a template hold waits for. */
  template?: string;
}

export function describeHold(pausedReason: string | null, template?: Pick<HoldFields, 'category' | 'status' | 'resubmittedAt'> | null): AlertHold | null {
  if (!pausedReason) return null;
  const t = explainTemplateHold(pausedReason, template);
  if (t) return { code: t.code, message: t.message, messageIt: t.messageIt, template: t.template };
  return { code: 'paused', message: pausedReason, messageIt: pausedReason };
}
