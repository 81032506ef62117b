/**
 * Builds the JSON bodies of Meta's /messages endpoint, refusing input Meta would reject, so a bad
 * alert fails fast with a clear field name instead of burning a send and a rate-limit slot.
 */
import { GraphValidationError } from './errors';
import { BSUID, E164, LANGUAGE_CODE, LIMITS, TEMPLATE_NAME, templateParamProblem } from './limits';

export interface TemplateSend {
  name: string;
  language: string;
  bodyParams: string[];
  /** One payload per quick-reply button, in button order. */
  buttonPayloads?: string[];
}

export interface ListSend {
  body: string;
  button: string;
  sections: { title: string; rows: { id: string; title: string; description?: string }[] }[];
  header?: string;
  footer?: string;
}

export interface ButtonsSend {
  body: string;
  buttons: { id: string; title: string }[];
}

type Json = Record<string, unknown>;

function fail(field: string, message: string, metaCode?: number): never {
  throw new GraphValidationError(field, `${field}: ${message}`, metaCode);
}

function text(field: string, value: unknown, max: number, metaCode?: number): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'is required', metaCode);
  if (value.length > max) fail(field, `is ${value.length} characters, at most ${max} allowed`, metaCode);
  return value;
}

/**
 * THE switch for citizens without a number: the body field that carries a business-scoped user id
 * (BSUID) instead of `to`. Meta announced `"recipient":"<user_id>"` (date and name unconfirmed,
 * ../shared/docs/whatsapp-cloud-api.md "Business-scoped user IDs"); should the field move, change it
 * here and nowhere else. Numbers always go in `to`.
 */
export const USER_ID_RECIPIENT_FIELD = 'recipient';

/**
 * Every send names its addressee in one string: an E.164 number (leading '+') goes in `to`; a
 * BSUID (a username-only citizen) goes in USER_ID_RECIPIENT_FIELD.
 */
function envelope(to: string, type: string, content: Json): Json {
  if (typeof to === 'string' && BSUID.test(to)) {
    return { messaging_product: 'whatsapp', recipient_type: 'individual', [USER_ID_RECIPIENT_FIELD]: to, type, ...content };
  }
  if (typeof to !== 'string' || !E164.test(to)) {
    fail('to', 'must be an E.164 number with a leading + (e.g. +393331234567) or a WhatsApp user id (e.g. IT.1349205671234567890)');
  }
  return { messaging_product: 'whatsapp', recipient_type: 'individual', to, type, ...content };
}

export function textPayload(to: string, body: string, previewUrl = false): Json {
  return envelope(to, 'text', { text: { preview_url: previewUrl, body: text('text.body', body, LIMITS.textBody, 100) } });
}

export function templatePayload(to: string, t: TemplateSend): Json {
  if (typeof t.name !== 'string' || !TEMPLATE_NAME.test(t.name) || t.name.length > LIMITS.templateName) {
    fail('template.name', 'must be lowercase letters, digits and _', 132001);
  }
  if (typeof t.language !== 'string' || !LANGUAGE_CODE.test(t.language)) fail('template.language', 'must be a code like it or en_US', 132001);
  if (!Array.isArray(t.bodyParams)) fail('template.bodyParams', 'must be an array');
  t.bodyParams.forEach((p, i) => {
    if (typeof p !== 'string') fail(`template.bodyParams[${i}]`, 'must be a string', 132018);
    const problem = templateParamProblem(p);
    if (problem) fail(`template.bodyParams[${i}]`, problem, 132018);
    if (p.length > LIMITS.templateBody) fail(`template.bodyParams[${i}]`, `longer than the ${LIMITS.templateBody}-character body`, 132005);
  });
  const components: Json[] = [];
  if (t.bodyParams.length > 0) {
    components.push({ type: 'body', parameters: t.bodyParams.map((p) => ({ type: 'text', text: p })) });
  }
  const payloads = t.buttonPayloads ?? [];
  if (payloads.length > LIMITS.templateQuickReplies) fail('template.buttonPayloads', `at most ${LIMITS.templateQuickReplies} quick replies`, 132000);
  payloads.forEach((payload, index) => {
    if (typeof payload !== 'string' || payload === '') fail(`template.buttonPayloads[${index}]`, 'is required', 132000);
    components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload }] });
  });
  const template: Json = { name: t.name, language: { code: t.language } };
  if (components.length > 0) template.components = components;
  return envelope(to, 'template', { template });
}

function uniqueIds(field: string, ids: string[]): void {
  if (new Set(ids).size !== ids.length) fail(field, 'ids must be unique', 131009);
}

export function listPayload(to: string, l: ListSend): Json {
  const body = text('interactive.body', l.body, LIMITS.interactiveBody, 131009);
  const button = text('interactive.button', l.button, LIMITS.listButton, 131009);
  if (!Array.isArray(l.sections) || l.sections.length === 0 || l.sections.length > LIMITS.listSections) {
    fail('interactive.sections', `needs 1 to ${LIMITS.listSections} sections`, 131009);
  }
  const rows = l.sections.flatMap((s) => s.rows ?? []);
  if (rows.length === 0 || rows.length > LIMITS.listRows) fail('interactive.sections', `needs 1 to ${LIMITS.listRows} rows in total`, 131009);
  uniqueIds(
    'interactive.sections.rows',
    rows.map((r) => r.id),
  );
  const sections = l.sections.map((s, i) => {
    // Meta requires a title on every section only when there is more than one.
    const title = l.sections.length > 1 || s.title ? text(`interactive.sections[${i}].title`, s.title, LIMITS.listSectionTitle, 131009) : undefined;
    return {
      ...(title !== undefined ? { title } : {}),
      rows: (s.rows ?? []).map((r, j) => {
        const at = `interactive.sections[${i}].rows[${j}]`;
        const row: Json = { id: text(`${at}.id`, r.id, LIMITS.listRowId, 131009), title: text(`${at}.title`, r.title, LIMITS.listRowTitle, 131009) };
        if (r.description !== undefined && r.description !== '') row.description = text(`${at}.description`, r.description, LIMITS.listRowDescription, 131009);
        return row;
      }),
    };
  });
  const interactive: Json = { type: 'list' };
  if (l.header) interactive.header = { type: 'text', text: text('interactive.header', l.header, LIMITS.interactiveHeader, 131009) };
  interactive.body = { text: body };
  if (l.footer) interactive.footer = { text: text('interactive.footer', l.footer, LIMITS.interactiveFooter, 131009) };
  interactive.action = { button, sections };
  return envelope(to, 'interactive', { interactive });
}

export function buttonsPayload(to: string, b: ButtonsSend): Json {
  const body = text('interactive.body', b.body, LIMITS.interactiveBody, 131009);
  if (!Array.isArray(b.buttons) || b.buttons.length === 0 || b.buttons.length > LIMITS.replyButtons) {
    fail('interactive.buttons', `needs 1 to ${LIMITS.replyButtons} buttons`, 131009);
  }
  uniqueIds(
    'interactive.buttons',
    b.buttons.map((x) => x.id),
  );
  const buttons = b.buttons.map((x, i) => ({
    type: 'reply',
    reply: {
      id: text(`interactive.buttons[${i}].id`, x.id, LIMITS.replyButtonId, 131009),
      title: text(`interactive.buttons[${i}].title`, x.title, LIMITS.replyButtonTitle, 131009),
    },
  }));
  return envelope(to, 'interactive', { interactive: { type: 'button', body: { text: body }, action: { buttons } } });
}

export function markReadPayload(wamid: string): Json {
  if (typeof wamid !== 'string' || wamid === '') fail('message_id', 'is required', 100);
  return { messaging_product: 'whatsapp', status: 'read', message_id: wamid };
}
