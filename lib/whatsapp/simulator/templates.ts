/**
 * Message templates: creation rules as Meta reviews them, and the checks Meta applies when a
 * template message is sent (132000/132001/132005/132015/132016/132018).
 */
import { LANGUAGE_CODE, LIMITS, TEMPLATE_NAME, fillTemplate, templateParamProblem, templatePlaceholders } from '../limits';
import { metaError, type MetaErrorReply } from './meta-errors';
import type { SimButton, TemplateStatus } from './types';

export interface SimTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: TemplateStatus;
  components: unknown[];
  body: string;
  header?: string;
  footer?: string;
  quickReplies: string[];
  bodyParams: number;
  headerParams: number;
}

type Obj = Record<string, unknown>;
const CATEGORIES = new Set(['UTILITY', 'MARKETING', 'AUTHENTICATION']);
let nextId = 1_400_000_000_000_000;

const invalid = (details: string, subcode?: number): MetaErrorReply => metaError(100, details, { subcode });

function checkParams(where: string, text: string, examples: unknown): string | null {
  const found = templatePlaceholders(text);
  const n = new Set(found).size;
  for (let i = 1; i <= n; i++) if (!found.includes(i)) return `${where}: variables must be sequential {{1}}..{{${n}}}`;
  if (n === 0) return null;
  if (!Array.isArray(examples) || examples.length !== n || examples.some((e) => typeof e !== 'string' || e.trim() === '')) {
    return `${where}: every variable needs an example value (${n} expected)`;
  }
  return null;
}

/** Validates a creation request; returns the template (status PENDING) or Meta's error. */
export function defineTemplate(def: unknown, exists: (name: string, language: string) => boolean): SimTemplate | MetaErrorReply {
  const d = (def ?? {}) as Obj;
  const name = d.name;
  if (typeof name !== 'string' || !TEMPLATE_NAME.test(name) || name.length > LIMITS.templateName) {
    return invalid('name: use only lowercase letters, digits and underscores');
  }
  if (typeof d.language !== 'string' || !LANGUAGE_CODE.test(d.language)) return invalid('language: invalid language code');
  if (typeof d.category !== 'string' || !CATEGORIES.has(d.category)) return invalid('category: must be UTILITY, MARKETING or AUTHENTICATION');
  if (!Array.isArray(d.components)) return invalid('components: required');
  if (exists(name, d.language)) return invalid('Content in this language already exists', 2388024);

  const t: SimTemplate = {
    id: String(nextId++),
    name,
    language: d.language,
    category: d.category,
    status: 'PENDING',
    components: d.components,
    body: '',
    quickReplies: [],
    bodyParams: 0,
    headerParams: 0,
  };
  let bodies = 0;
  for (const raw of d.components as Obj[]) {
    const type = String(raw?.type ?? '').toUpperCase();
    const text = typeof raw?.text === 'string' ? raw.text : '';
    const example = (raw?.example ?? {}) as Obj;
    if (type === 'BODY') {
      bodies++;
      if (text.trim() === '') return invalid('BODY: text is required');
      if (text.length > LIMITS.templateBody) return invalid(`BODY: text is longer than ${LIMITS.templateBody} characters`);
      const trimmed = text.trim();
      if (/^\{\{\s*\d+\s*\}\}/.test(trimmed) || /\{\{\s*\d+\s*\}\}$/.test(trimmed)) {
        return invalid('BODY: variables can not be at the start or end of the template', 2388299);
      }
      const problem = checkParams('BODY', text, (example.body_text as unknown[] | undefined)?.[0]);
      if (problem) return invalid(problem);
      t.body = text;
      t.bodyParams = new Set(templatePlaceholders(text)).size;
      // Meta rejects templates with too many variables for their length; approximated as two
      // fixed words per variable (the exact threshold is not published).
      const words = text
        .replace(/\{\{\s*\d+\s*\}\}/g, ' ')
        .split(/\s+/)
        .filter(Boolean).length;
      if (t.bodyParams > 0 && words < 2 * t.bodyParams) return invalid('BODY: too many variables for the length of the text', 2388293);
    } else if (type === 'HEADER') {
      const format = String(raw.format ?? 'TEXT').toUpperCase();
      if (format !== 'TEXT') continue;
      if (text.trim() === '' || text.length > LIMITS.templateHeaderText) return invalid(`HEADER: text needs 1 to ${LIMITS.templateHeaderText} characters`);
      const problem = checkParams('HEADER', text, example.header_text);
      if (problem) return invalid(problem);
      t.headerParams = new Set(templatePlaceholders(text)).size;
      if (t.headerParams > 1) return invalid('HEADER: at most one variable');
      t.header = text;
    } else if (type === 'FOOTER') {
      if (text.trim() === '' || text.length > LIMITS.templateFooterText) return invalid(`FOOTER: text needs 1 to ${LIMITS.templateFooterText} characters`);
      if (templatePlaceholders(text).length > 0) return invalid('FOOTER: variables are not allowed');
      t.footer = text;
    } else if (type === 'BUTTONS') {
      const buttons = Array.isArray(raw.buttons) ? (raw.buttons as Obj[]) : [];
      if (buttons.length === 0 || buttons.length > 10) return invalid('BUTTONS: 1 to 10 buttons');
      for (const b of buttons) {
        const label = typeof b?.text === 'string' ? b.text : '';
        if (label === '' || label.length > LIMITS.templateButtonText) return invalid(`BUTTONS: button text needs 1 to ${LIMITS.templateButtonText} characters`);
        if (String(b.type).toUpperCase() === 'QUICK_REPLY') t.quickReplies.push(label);
      }
      if (t.quickReplies.length > LIMITS.templateQuickReplies) return invalid(`BUTTONS: at most ${LIMITS.templateQuickReplies} quick replies`);
    } else {
      return invalid(`components: unsupported component type ${type || '(missing)'}`);
    }
  }
  if (bodies !== 1) return invalid('components: exactly one BODY is required');
  return t;
}

export interface RenderedTemplate {
  text: string;
  header?: string;
  footer?: string;
  buttons: SimButton[];
}

function textParams(component: Obj | undefined): string[] | MetaErrorReply {
  const params = Array.isArray(component?.parameters) ? (component.parameters as Obj[]) : [];
  const out: string[] = [];
  for (const p of params) {
    const value = p?.type === 'text' ? p.text : (p?.[String(p?.type)] as Obj | undefined)?.fallback_value;
    if (typeof value !== 'string') return metaError(131009, `parameter of type ${String(p?.type)} has no text value`);
    const problem = templateParamProblem(value);
    if (problem) return metaError(132018, 'Param text cannot have new-line/tab characters or more than 4 consecutive spaces');
    out.push(value);
  }
  return out;
}

/** Applies Meta's send-time checks to the message's `template` object and renders it. */
export function renderTemplate(tpl: SimTemplate | undefined, requested: Obj): RenderedTemplate | MetaErrorReply {
  const name = String(requested.name ?? '');
  const language = String((requested.language as Obj | undefined)?.code ?? '');
  if (!tpl || tpl.status === 'PENDING' || tpl.status === 'REJECTED') {
    return metaError(132001, `template name (${name}) does not exist in ${language}`);
  }
  if (tpl.status === 'PAUSED') return metaError(132015, `Template ${name} is paused`);
  if (tpl.status === 'DISABLED') return metaError(132016, `Template ${name} is disabled`);
  const components = Array.isArray(requested.components) ? (requested.components as Obj[]) : [];
  const find = (type: string) => components.find((c) => String(c?.type).toLowerCase() === type);
  const body = textParams(find('body'));
  if (!Array.isArray(body)) return body;
  if (body.length !== tpl.bodyParams) {
    return metaError(132000, `body: number of localizable_params (${body.length}) does not match the expected number of params (${tpl.bodyParams})`);
  }
  const header = textParams(find('header'));
  if (!Array.isArray(header)) return header;
  if (header.length !== tpl.headerParams) {
    return metaError(132000, `header: number of localizable_params (${header.length}) does not match the expected number of params (${tpl.headerParams})`);
  }
  const text = fillTemplate(tpl.body, body);
  if (text.length > LIMITS.templateBody) return metaError(132005, `body is ${text.length} characters once filled in, at most ${LIMITS.templateBody}`);
  const payloads = new Map<number, string>();
  for (const c of components.filter((x) => String(x?.type).toLowerCase() === 'button')) {
    const index = Number(c.index);
    if (!Number.isInteger(index) || index < 0 || index >= tpl.quickReplies.length) return metaError(131009, `buttons: index ${String(c.index)} is not valid`);
    const payload = (c.parameters as Obj[] | undefined)?.[0]?.payload;
    if (typeof payload === 'string') payloads.set(index, payload);
  }
  const rendered: RenderedTemplate = {
    text,
    buttons: tpl.quickReplies.map((title, i) => ({ id: payloads.get(i) ?? title, title, kind: 'quick_reply' as const })),
  };
  if (tpl.header) rendered.header = fillTemplate(tpl.header, header);
  if (tpl.footer) rendered.footer = tpl.footer;
  return rendered;
}

export function isMetaError(x: unknown): x is MetaErrorReply {
  return typeof x === 'object' && x !== null && 'http' in x && 'body' in x;
}
