/**
 * Validation of POST /<phone-number-id>/messages bodies, answering with the codes Meta uses:
 * 100 for missing/invalid parameters, 131009 for out-of-range interactive values, 132xxx for
 * templates. Returns what to show on the phone when the message is acceptable.
 */
import { LIMITS } from '../limits';
import { metaError, type MetaErrorReply } from './meta-errors';
import type { SimStore } from './store';
import { isMetaError, renderTemplate } from './templates';
import type { SimMessage } from './types';

type Obj = Record<string, unknown>;

export interface ParsedSend {
  digits: string;
  /** `to` as given, echoed in contacts[].input. */
  input: string;
  /** Addressed by business-scoped user id (`recipient`), not by number: statuses then carry no recipient_id. */
  byUserId: boolean;
  /** Templates may be sent any time; everything else only inside the 24-hour window. */
  isTemplate: boolean;
  /** Pricing category for the status webhooks. */
  category: string;
  shown: Omit<SimMessage, 'id' | 'from' | 'at' | 'status'>;
}

const MEDIA = new Set(['image', 'audio', 'video', 'document', 'sticker']);
const missing = (param: string): MetaErrorReply => metaError(100, `The parameter ${param} is required.`);
const tooLong = (param: string, max: number): MetaErrorReply => metaError(100, `Param ${param} must be at most ${max} characters long.`);

function str(v: unknown, max: number): v is string {
  return typeof v === 'string' && v.trim() !== '' && v.length <= max;
}

function recipient(store: SimStore, body: Obj): { digits: string; input: string; byUserId: boolean } | MetaErrorReply {
  if (typeof body.to === 'string' && body.to !== '') {
    // Meta tolerates spaces and dashes in `to`; the client always sends clean E.164.
    if (!/^\+?[\d\s\-()]+$/.test(body.to)) return metaError(100, "Invalid parameter 'to'.");
    const digits = body.to.replace(/\D/g, '');
    if (!/^[1-9]\d{6,14}$/.test(digits)) return metaError(100, "Invalid parameter 'to'.");
    return { digits, input: body.to, byUserId: false };
  }
  if (typeof body.recipient === 'string' && body.recipient !== '') {
    const digits = store.digitsForUserId(body.recipient);
    return digits ? { digits, input: body.recipient, byUserId: true } : metaError(131026, 'Message Undeliverable.');
  }
  return missing('to');
}

function interactive(i: Obj): ParsedSend['shown'] | MetaErrorReply {
  const bad = (details: string) => metaError(131009, details);
  const body = (i.body as Obj | undefined)?.text;
  if (!str(body, LIMITS.interactiveBody)) return bad(`interactive.body.text must be 1 to ${LIMITS.interactiveBody} characters`);
  const shown: ParsedSend['shown'] = { type: 'interactive', text: body };
  const header = i.header as Obj | undefined;
  if (header !== undefined) {
    if (header.type === 'text' && !str(header.text, LIMITS.interactiveHeader))
      return bad(`interactive.header.text must be 1 to ${LIMITS.interactiveHeader} characters`);
    if (typeof header.text === 'string') shown.header = header.text;
  }
  const footer = (i.footer as Obj | undefined)?.text;
  if (footer !== undefined) {
    if (!str(footer, LIMITS.interactiveFooter)) return bad(`interactive.footer.text must be 1 to ${LIMITS.interactiveFooter} characters`);
    shown.footer = footer;
  }
  const action = (i.action ?? {}) as Obj;
  if (i.type === 'button') {
    const buttons = Array.isArray(action.buttons) ? (action.buttons as Obj[]) : [];
    if (buttons.length < 1 || buttons.length > LIMITS.replyButtons) return bad(`action.buttons: 1 to ${LIMITS.replyButtons} buttons`);
    shown.buttons = [];
    for (const b of buttons) {
      const reply = (b?.reply ?? {}) as Obj;
      if (b?.type !== 'reply' || !str(reply.id, LIMITS.replyButtonId) || !str(reply.title, LIMITS.replyButtonTitle)) {
        return bad(`action.buttons: each needs type reply, id (max ${LIMITS.replyButtonId}) and title (max ${LIMITS.replyButtonTitle})`);
      }
      shown.buttons.push({ id: reply.id, title: reply.title, kind: 'reply' });
    }
    if (new Set(shown.buttons.map((b) => b.id)).size !== shown.buttons.length) return bad('action.buttons: ids must be unique');
    return shown;
  }
  if (i.type === 'list') {
    if (!str(action.button, LIMITS.listButton)) return bad(`action.button must be 1 to ${LIMITS.listButton} characters`);
    const sections = Array.isArray(action.sections) ? (action.sections as Obj[]) : [];
    if (sections.length < 1 || sections.length > LIMITS.listSections) return bad(`action.sections: 1 to ${LIMITS.listSections} sections`);
    const list: NonNullable<SimMessage['list']> = { button: action.button, sections: [] };
    const ids = new Set<string>();
    let total = 0;
    for (const s of sections) {
      if ((sections.length > 1 || s.title !== undefined) && !str(s.title, LIMITS.listSectionTitle))
        return bad(`section title must be 1 to ${LIMITS.listSectionTitle} characters`);
      const rows = Array.isArray(s.rows) ? (s.rows as Obj[]) : [];
      const out: NonNullable<SimMessage['list']>['sections'][number] = { rows: [] };
      if (typeof s.title === 'string') out.title = s.title;
      for (const r of rows) {
        if (!str(r?.id, LIMITS.listRowId) || !str(r.title, LIMITS.listRowTitle))
          return bad(`row id (max ${LIMITS.listRowId}) and title (max ${LIMITS.listRowTitle}) are required`);
        if (r.description !== undefined && !str(r.description, LIMITS.listRowDescription))
          return bad(`row description must be at most ${LIMITS.listRowDescription} characters`);
        if (ids.has(r.id)) return bad('row ids must be unique');
        ids.add(r.id);
        out.rows.push({ id: r.id, title: r.title, ...(typeof r.description === 'string' ? { description: r.description } : {}) });
      }
      total += rows.length;
      list.sections.push(out);
    }
    if (total < 1 || total > LIMITS.listRows) return bad(`action.sections: 1 to ${LIMITS.listRows} rows in total`);
    shown.list = list;
    return shown;
  }
  return metaError(100, 'interactive.type must be one of button, list, cta_url, product, product_list, flow');
}

export function parseSend(store: SimStore, body: Obj): ParsedSend | MetaErrorReply {
  if (body.messaging_product !== 'whatsapp') return missing('messaging_product');
  if (body.recipient_type !== undefined && body.recipient_type !== 'individual') return metaError(100, "Invalid parameter 'recipient_type'.");
  const to = recipient(store, body);
  if (isMetaError(to)) return to;
  const type = body.type ?? 'text';
  const content = (body[String(type)] ?? undefined) as Obj | undefined;
  const base = { digits: to.digits, input: to.input, byUserId: to.byUserId, isTemplate: false, category: 'service' };
  if (type === 'text') {
    const text = content?.body;
    if (typeof text !== 'string' || text === '') return missing("text['body']");
    if (text.length > LIMITS.textBody) return tooLong("text['body']", LIMITS.textBody);
    return { ...base, shown: { type: 'text', text } };
  }
  if (type === 'template') {
    if (!content || !str(content.name, LIMITS.templateName)) return missing("template['name']");
    const language = (content.language as Obj | undefined)?.code;
    if (typeof language !== 'string' || language === '') return missing("template['language']['code']");
    const tpl = store.findTemplate(content.name, language);
    const rendered = renderTemplate(tpl, content);
    if (isMetaError(rendered)) return rendered;
    const { buttons, ...rest } = rendered;
    const shown: ParsedSend['shown'] = { type: 'template', ...rest, template: { name: content.name, language } };
    if (buttons.length) shown.buttons = buttons;
    return { ...base, isTemplate: true, category: (tpl?.category ?? 'UTILITY').toLowerCase(), shown };
  }
  if (type === 'interactive') {
    if (!content) return missing('interactive');
    const shown = interactive(content);
    return isMetaError(shown) ? shown : { ...base, shown };
  }
  if (type === 'reaction') {
    if (!content || !str(content.message_id, 512)) return missing("reaction['message_id']");
    if (typeof content.emoji !== 'string') return missing("reaction['emoji']");
    return { ...base, shown: { type: 'reaction', text: content.emoji, contextId: content.message_id } };
  }
  if (MEDIA.has(String(type))) {
    if (!content || (!str(content.id, 256) && !str(content.link, 2048))) return metaError(100, `${String(type)}: one of id or link is required`);
    const caption = typeof content.caption === 'string' ? content.caption : undefined;
    return { ...base, shown: { type: String(type), text: caption ?? `(${String(type)})` } };
  }
  return metaError(100, `Invalid parameter 'type': ${String(type)}`);
}
