/**
 * When a template may not be used without a person deciding (issue 10): Meta moved it to
 * MARKETING (more expensive, per-user marketing caps, 131049) and nobody accepted that, or it was
 * resubmitted as UTILITY and Meta has not approved it as UTILITY yet. Alerts needing such a
 * template are held: status PAUSED with `paused_reason` = `template_category:<name>/<language>`
 * (lib/delivery/template-holds.ts), and released when the hold ends.
 */

/** The prefix of `alerts.paused_reason` for a template hold; the quality guard has its own. */
export const TEMPLATE_HOLD_PREFIX = 'template_category:';

export interface HoldFields {
  name: string;
  language: string;
  category: string;
  status: string;
  acceptedCategory: string | null;
  resubmittedAt: Date | null;
}

export type HoldCause = 'marketing' | 'resubmitted';

/** Why this template is held, or null when it may be used. */
export function templateHoldCause(t: Pick<HoldFields, 'category' | 'acceptedCategory' | 'resubmittedAt'>): HoldCause | null {
  if (t.resubmittedAt) return 'resubmitted';
  if (t.category.toUpperCase() === 'MARKETING' && t.acceptedCategory?.toUpperCase() !== 'MARKETING') return 'marketing';
  return null;
}

export function templateHoldReason(name: string, language: string): string {
  return `${TEMPLATE_HOLD_PREFIX}${name}/${language}`;
}

/** The template a hold reason names, or null for any other reason. */
export function parseTemplateHoldReason(reason: string | null | undefined): { name: string; language: string } | null {
  if (!reason?.startsWith(TEMPLATE_HOLD_PREFIX)) return null;
  const rest = reason.slice(TEMPLATE_HOLD_PREFIX.length);
  const slash = rest.lastIndexOf('/');
  if (slash <= 0) return null;
  return { name: rest.slice(0, slash), language: rest.slice(slash + 1) };
}

export interface HoldExplanation {
  /** Machine code for the API: `template_category`. */
  code: 'template_category';
  template: string;
  language: string;
  /** English, for the API and the logs. */
  message: string;
  /** Italian, for the dashboard. */
  messageIt: string;
}

/** The clear reason shown with a held alert; `t` is the template's current row when known. */
export function explainTemplateHold(reason: string, t?: Pick<HoldFields, 'category' | 'status' | 'resubmittedAt'> | null): HoldExplanation | null {
  const ref = parseTemplateHoldReason(reason);
  if (!ref) return null;
  const base = { code: 'template_category' as const, template: ref.name, language: ref.language };
  if (t?.resubmittedAt) {
    return {
      ...base,
      message: `Held: template "${ref.name}" was resubmitted to Meta as UTILITY and is under review (status ${t.status}, category ${t.category}). Sending resumes when Meta approves it as UTILITY, or when an admin accepts the new category.`,
      messageIt: `In attesa: il modello «${ref.name}» è stato ripresentato a Meta come UTILITY ed è in revisione (stato ${t.status}, categoria ${t.category}). L’invio riprende quando Meta lo approva come UTILITY, oppure se un amministratore accetta la nuova categoria.`,
    };
  }
  return {
    ...base,
    message: `Held: Meta moved template "${ref.name}" to the MARKETING category (marketing prices and per-user marketing limits). Nothing is sent with it until an admin or editor resubmits it as UTILITY or accepts the new category on the templates page.`,
    messageIt: `In attesa: Meta ha spostato il modello «${ref.name}» nella categoria MARKETING (prezzi da marketing e limiti per persona). Non si invia nulla con questo modello finché un amministratore o un redattore non lo ripresenta come UTILITY o accetta la nuova categoria nella pagina Modelli.`,
  };
}
