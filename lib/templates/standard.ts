/**
 * The templates Banditore submits to Meta. Texts are built from the comune's settings when they
 * are submitted; after that Meta's copy is the one that counts (a later change of the comune's
 * name needs a new template version, which is why the name of the alert template is a setting).
 *
 * Meta's rules (../shared/docs/whatsapp-cloud-api.md §2): UTILITY for public-disruption notices and
 * opt-in confirmations; a body may not start or end with a placeholder and needs enough fixed text
 * around them; every placeholder needs an example; footer ≤ 60 characters, no placeholders.
 */
import type { Settings } from '../settings/defaults';
import type { TemplateDefinition } from '../whatsapp/client';
import { LIMITS } from '../whatsapp/limits';
import { shapeFromComponents, type TemplateShape } from './shape';

export const WELCOME_TEMPLATE_NAME = 'benvenuto_servizio';

export type StandardRole = 'alert' | 'welcome';

export interface StandardTemplate extends TemplateDefinition {
  role: StandardRole;
  /** Example values, one per body placeholder (Meta needs them at creation). */
  sample: string[];
  /** What the template is for, shown on the templates page. */
  purpose: string;
}

type TemplateSettings = Pick<Settings, 'comuneName' | 'serviceName' | 'alertTemplateName' | 'alertTemplateLanguage'>;

/** How to leave: on every template, so people never have to block the number to stop it. */
export const LEAVE_FOOTER = 'Per cancellarti scrivi CANCELLAMI';

export const ALERT_SAMPLE = ['Via Roma chiusa stasera', 'Dalle 20 alle 24 Via Roma è chiusa per lavori. Deviazione consigliata da Via Verdi.'];

export function alertTemplateBody(s: Pick<Settings, 'comuneName' | 'serviceName'>): string {
  return `*Avviso del ${s.comuneName}*\n\n*{{1}}*\n\n{{2}}\n\nRicevi questo messaggio perché hai chiesto gli avvisi di ${s.serviceName}.`;
}

export function welcomeTemplateBody(s: Pick<Settings, 'comuneName' | 'serviceName'>): string {
  return (
    `Ciao! Da oggi *${s.serviceName}* è attivo: riceverai qui gli avvisi del ${s.comuneName} ` +
    'sugli argomenti che hai scelto. Per cambiarli scrivi ARGOMENTI. È un canale solo in uscita: non leggiamo le risposte.'
  );
}

export function standardTemplates(s: TemplateSettings): StandardTemplate[] {
  const footer = { type: 'FOOTER', text: LEAVE_FOOTER.slice(0, LIMITS.templateFooterText) };
  return [
    {
      role: 'alert',
      purpose: 'Avvisi agli iscritti (titolo e testo variabili)',
      name: s.alertTemplateName,
      language: s.alertTemplateLanguage,
      category: 'UTILITY',
      sample: ALERT_SAMPLE,
      components: [{ type: 'BODY', text: alertTemplateBody(s), example: { body_text: [ALERT_SAMPLE] } }, footer],
    },
    {
      role: 'welcome',
      purpose: 'Messaggio di benvenuto all’avvio del servizio',
      name: WELCOME_TEMPLATE_NAME,
      language: s.alertTemplateLanguage,
      category: 'UTILITY',
      sample: [],
      components: [{ type: 'BODY', text: welcomeTemplateBody(s) }, footer],
    },
  ];
}

export function standardTemplate(s: TemplateSettings, role: StandardRole): StandardTemplate {
  return standardTemplates(s).find((t) => t.role === role)!;
}

export function standardShape(s: TemplateSettings, role: StandardRole): TemplateShape {
  const t = standardTemplate(s, role);
  return shapeFromComponents(t.name, t.language, t.components)!;
}
