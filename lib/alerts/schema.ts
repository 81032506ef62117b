/**
 * One schema for composing an alert, shared by the dashboard form (react-hook-form + zodResolver),
 * the server actions, `POST /api/v1/alerts` and the use cases. Field names are the API's.
 * Messages are Italian, short, shown next to the field.
 *
 * `alertComposeSchema` checks what does not depend on the template; `alertSchemaFor(template)` adds
 * the template fit (total length with the fixed text, Meta's parameter rules) so the form shows the
 * same errors the server will give. Empty strings (untouched form fields) mean "not given".
 */
import { z } from 'zod';
import { fieldErrorsFromZod, invalidInput } from '../errors';
import type { TemplateShape } from '../templates/shape';
import { parseDateTimeInput } from '../time/rome-time';
import { isHttpsUrl, TITLE_MAX, validateForTemplate, type FitField } from '../templates/template-fit';

export { validateForTemplate, flattenText, type TemplateFit, type FitIssue } from '../templates/template-fit';

const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export const alertComposeSchema = z
  .object({
    title: z
      .string({ error: 'Scrivi il titolo.' })
      .trim()
      .min(1, 'Scrivi il titolo.')
      .max(TITLE_MAX, `Il titolo può avere al massimo ${TITLE_MAX} caratteri.`)
      .refine((v) => !/[\r\n\t]/.test(v), 'Il titolo deve stare su una sola riga.')
      .meta({ description: 'One line; shown in bold at the top of the WhatsApp message.' }),
    body: z
      .string({ error: 'Scrivi il testo dell’avviso.' })
      .trim()
      .min(1, 'Scrivi il testo dell’avviso.')
      .max(1024, 'Il testo può avere al massimo 1024 caratteri.')
      .meta({
        description: 'WhatsApp formatting (*bold*, _italic_). The template adds fixed text, so the real limit can be lower: the error says by how much.',
      }),
    /** Topic slugs; absent = every topic. An empty list is a mistake, not "everyone". */
    topics: z
      .array(z.string().regex(SLUG, 'Argomento non valido.'))
      .min(1, 'Scegli almeno un argomento, oppure «Tutti gli argomenti».')
      .max(50)
      .optional()
      .meta({ description: 'Topic slugs (e.g. "viabilita"). Omit to reach every subscriber.' }),
    /** Zone slugs; absent or empty = the whole town. */
    zones: z.array(z.string().regex(SLUG, 'Zona non valida.')).max(50).optional().meta({
      description:
        'Zone slugs (GET /api/v1/zones). Omit for the whole town. With zones, the alert reaches the subscribers who chose one of them and those who chose no zone.',
    }),
    urgency: z
      .enum(['normal', 'urgent'], { error: 'Indica se l’avviso è normale o urgente.' })
      .meta({ description: 'Urgent alerts skip the quiet hours and the weekly cap, and need urgentReason.' }),
    urgentReason: z
      .string()
      .trim()
      .max(500, 'Il motivo può avere al massimo 500 caratteri.')
      .optional()
      .meta({ description: 'Required when urgency is "urgent"; recorded in the audit log.' }),
    link: z
      .string()
      .trim()
      .max(500, 'Il link può avere al massimo 500 caratteri.')
      .refine((v) => v === '' || isHttpsUrl(v), 'Il link deve essere un indirizzo completo che inizia con https://')
      .optional()
      .meta({ description: 'Optional https:// link added to the message; an empty string means none.' }),
    /** `2026-11-30T08:00` (Rome time, the form) or an ISO instant with Z/offset (the API). */
    scheduledAt: z
      .string()
      .trim()
      .refine((v) => v === '' || parseDateTimeInput(v) !== null, 'Data e ora non valide (esempio: 2026-11-30T08:00).')
      .optional()
      .meta({
        description: 'Schedule instead of sending now: an ISO 8601 instant with offset (2026-12-01T07:30:00Z), or a Rome wall-clock time (2026-12-01T08:30).',
      }),
    /** true: send now. With neither `send` nor `scheduledAt` the alert stays a draft. */
    send: z
      .boolean()
      .optional()
      .meta({ description: 'true: send now (normal alerts wait for the end of the quiet hours). Without send and scheduledAt the alert is saved as a draft.' }),
    /** Show the alert in the public archive /avvisi once sent (default yes). */
    publicArchive: z.boolean().optional().meta({ description: 'Show the alert on the public page /avvisi and in its feeds once sent.', default: true }),
  })
  .superRefine((v, issue) => {
    if (v.urgency === 'urgent' && !v.urgentReason) {
      issue.addIssue({ code: 'custom', path: ['urgentReason'], message: 'Per un avviso urgente scrivi il motivo: viene registrato.' });
    }
    if (v.send && v.scheduledAt) {
      issue.addIssue({ code: 'custom', path: ['scheduledAt'], message: 'Scegli: inviare subito oppure programmare.' });
    }
  });

export type AlertComposeFormValues = z.input<typeof alertComposeSchema>;
export type AlertComposeInput = z.output<typeof alertComposeSchema>;

const FIELD_PATH: Record<FitField, string> = { title: 'title', body: 'body', link: 'link', template: 'body' };

/** The schema plus the template fit: use it wherever the template is known (form, actions, API). */
export function alertSchemaFor(template: TemplateShape) {
  return alertComposeSchema.superRefine((v, issue) => {
    const fit = validateForTemplate(v, template);
    for (const e of fit.errors) issue.addIssue({ code: 'custom', path: [FIELD_PATH[e.field]], message: e.message });
  });
}

/** The composed alert as the domain stores it (empty strings dropped, enums in database form). */
export interface AlertContent {
  title: string;
  body: string;
  link: string | null;
  urgency: 'NORMAL' | 'URGENT';
  urgentReason: string | null;
  /** null = every topic. */
  topicSlugs: string[] | null;
  /** null = the whole town. */
  zoneSlugs: string[] | null;
  publicArchive: boolean;
}

export function toAlertContent(v: AlertComposeInput): AlertContent {
  const urgent = v.urgency === 'urgent';
  return {
    title: v.title,
    body: v.body,
    link: v.link ? v.link : null,
    urgency: urgent ? 'URGENT' : 'NORMAL',
    urgentReason: urgent && v.urgentReason ? v.urgentReason : null,
    topicSlugs: v.topics ? [...new Set(v.topics)] : null,
    zoneSlugs: v.zones && v.zones.length > 0 ? [...new Set(v.zones)] : null,
    publicArchive: v.publicArchive ?? true,
  };
}

/** Validates input for a use case; the error carries the field messages for the form or the API. */
export function parseAlertInput(input: unknown, template: TemplateShape): AlertComposeInput {
  const r = alertSchemaFor(template).safeParse(input);
  if (!r.success) throw invalidInput('Controlla i campi evidenziati.', fieldErrorsFromZod(r.error));
  return r.data;
}
