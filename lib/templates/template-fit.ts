/**
 * Fits an alert into the approved template exactly as Meta will render it, so the editor sees
 * the real text, the real length and every problem BEFORE sending (Meta answers 132000/132005/
 * 132018 per message otherwise, i.e. thousands of failures). Pure: the dashboard calls it on
 * every keystroke for the live preview; the domain calls it again before saving and publishing.
 */
import type { TemplateShape } from './shape';
import { fillTemplate, LIMITS, templateParamProblem } from '../whatsapp/limits';

export const TITLE_MAX = 60;
export const LINK_LABEL = ' — Maggiori informazioni: ';
export const LINE_SEPARATOR = ' — ';
export const BULLET_SEPARATOR = ' • ';

export type FitField = 'title' | 'body' | 'link' | 'template';

export interface FitIssue {
  field: FitField;
  message: string;
}

export interface TemplateFit {
  ok: boolean;
  errors: FitIssue[];
  warnings: FitIssue[];
  /** The body parameters as they will be sent: [title, text (+ link)]. */
  params: string[];
  /** The body as the phone will show it (WhatsApp formatting still as *markers*). */
  preview: string;
  header?: string;
  footer?: string;
  buttons: string[];
  /** Length of `preview`, fixed text included, counted like limits.ts (UTF-16 units). */
  charCount: number;
  charLimit: number;
  /** How long the text may be with the current title and link. */
  textMax: number;
}

export interface FitInput {
  title?: string | null;
  body?: string | null;
  link?: string | null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

const LIST_MARKER = /^(?:[-*•–]\s+)/;

/**
 * Template text parameters may not contain new lines, tabs or more than 4 spaces in a row (132018).
 * Lines are joined: list items ("- ", "* ", "• ") with " • ", other lines with " — "; empty lines
 * vanish; tabs and runs of spaces become one space.
 */
export function flattenText(text: string): { text: string; joinedLines: boolean; squeezedSpaces: boolean } {
  const normalised = text.replace(/\r\n?/g, '\n');
  const squeezedSpaces = /\t| {5,}/.test(normalised);
  const lines = normalised
    .split('\n')
    .map((l) => l.replace(/[\t ]+/g, ' ').trim())
    .filter((l) => l !== '');
  let out = '';
  for (const line of lines) {
    const bullet = LIST_MARKER.test(line);
    const content = bullet ? line.replace(LIST_MARKER, '') : line;
    if (out === '') out = bullet ? `• ${content}` : content;
    else out += (bullet ? BULLET_SEPARATOR : LINE_SEPARATOR) + content;
  }
  return { text: out, joinedLines: lines.length > 1, squeezedSpaces };
}

/** The two body parameters of the alert template, exactly as they are sent: [title, text (+ link)]. */
export function alertParams(input: FitInput): [string, string] {
  const title = (input.title ?? '').trim();
  const link = (input.link ?? '').trim();
  const text = flattenText(input.body ?? '').text;
  return [title, text === '' ? '' : text + (link !== '' ? `${LINK_LABEL}${link}` : '')];
}

export const isHttpsUrl = (value: string): boolean => {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' && u.hostname.includes('.') && !/\s/.test(value);
  } catch {
    return false;
  }
};

export function validateForTemplate(input: FitInput, template: TemplateShape): TemplateFit {
  const errors: FitIssue[] = [];
  const warnings: FitIssue[] = [];
  const limit = LIMITS.templateBody;
  const title = (input.title ?? '').trim();
  const link = (input.link ?? '').trim();
  const flat = flattenText(input.body ?? '');

  if (template.bodyParams !== 2) {
    errors.push({ field: 'template', message: `Il modello «${template.name}» non ha la forma prevista (titolo e testo): controlla la pagina Modelli.` });
  }
  if (title === '') errors.push({ field: 'title', message: 'Scrivi il titolo.' });
  else if (/[\r\n\t]/.test(title)) errors.push({ field: 'title', message: 'Il titolo deve stare su una sola riga.' });
  else if (title.length > TITLE_MAX) errors.push({ field: 'title', message: `Il titolo può avere al massimo ${TITLE_MAX} caratteri (ora ${title.length}).` });
  if (/[*_~`]/.test(title)) {
    warnings.push({ field: 'title', message: 'Il titolo è già in grassetto: i simboli * _ ~ ` nel titolo possono apparire così come sono.' });
  }
  if (flat.text === '') errors.push({ field: 'body', message: 'Scrivi il testo dell’avviso.' });
  if (flat.joinedLines) {
    warnings.push({
      field: 'body',
      message: `WhatsApp non permette di andare a capo nel testo di un avviso: le righe verranno unite con «${LINE_SEPARATOR.trim()}» (gli elenchi con «${BULLET_SEPARATOR.trim()}»). Controlla l’anteprima.`,
    });
  }
  if (flat.squeezedSpaces) warnings.push({ field: 'body', message: 'Tabulazioni e spazi ripetuti saranno sostituiti da uno spazio.' });
  if (link !== '' && !isHttpsUrl(link)) {
    errors.push({ field: 'link', message: 'Il link deve essere un indirizzo completo che inizia con https://' });
  }

  const linkPart = link !== '' ? `${LINK_LABEL}${link}` : '';
  const params = alertParams(input);
  for (const [i, p] of params.entries()) {
    const problem = p === '' ? null : templateParamProblem(p);
    if (problem) errors.push({ field: i === 0 ? 'title' : 'body', message: 'Il testo contiene caratteri che WhatsApp non accetta in un avviso.' });
  }
  const preview = fillTemplate(template.body, params);
  const fixed = fillTemplate(template.body, ['', '']).length;
  const textMax = Math.max(0, limit - fixed - title.length - linkPart.length);
  if (preview.length > limit) {
    errors.push({
      field: 'body',
      message: `L’avviso è troppo lungo: ${preview.length} caratteri su ${limit} (compreso il testo fisso del modello). Togli almeno ${plural(preview.length - limit, 'carattere', 'caratteri')}.`,
    });
  } else if (preview.length > limit - 50) {
    warnings.push({ field: 'body', message: `Restano solo ${plural(limit - preview.length, 'carattere', 'caratteri')}.` });
  }
  return {
    ok: errors.length === 0,
    errors,
    warnings,
    params,
    preview,
    ...(template.header ? { header: template.header } : {}),
    ...(template.footer ? { footer: template.footer } : {}),
    buttons: template.buttons,
    charCount: preview.length,
    charLimit: limit,
    textMax,
  };
}

/** The fit of a template without parameters (the welcome message): its fixed text. */
export function fixedTemplateFit(template: TemplateShape): TemplateFit {
  return {
    ok: template.bodyParams === 0,
    errors: template.bodyParams === 0 ? [] : [{ field: 'template', message: `Il modello «${template.name}» ha dei parametri inattesi.` }],
    warnings: [],
    params: [],
    preview: template.body,
    ...(template.header ? { header: template.header } : {}),
    ...(template.footer ? { footer: template.footer } : {}),
    buttons: template.buttons,
    charCount: template.body.length,
    charLimit: LIMITS.templateBody,
    textMax: 0,
  };
}
