import type { z } from 'zod';
import {
  ChangeSchema,
  ContactSchema,
  EntrySchema,
  EnvelopeSchema,
  ErrorSchema,
  MessageBaseSchema,
  MetadataSchema,
  StatusSchema,
  TemplateCategorySchema,
  TemplateStatusSchema,
  NumberQualitySchema,
  BusinessCapabilitySchema,
  cleanId,
  cleanText,
  clip,
  toE164,
  type Contact,
  type MessageBase,
} from './webhook-schema';
import { toContent, type InboundContent } from './message-content';
import { tierLimit, tierOfCount } from './limits';

export type { InboundContent, MediaType } from './message-content';

/**
 * Turns one webhook POST into a flat list of events, one per message / status / template update,
 * each with the dedupe key the inbound queue is unique on (docs/architecture.md).
 *
 * Contract: never throws. Each element is parsed on its own; a malformed one lands in `skipped`
 * (reason + JSON path) and never hides its neighbours. Events keep payload order: entries, then
 * changes, then within a change its messages before its statuses.
 * Duplicates are kept: deduplication is the database's job (unique dedupeKey).
 */

export type StatusValue = 'sent' | 'delivered' | 'read' | 'failed';
export type StatusError = { code: number; title: string; message?: string; details?: string };
export type WebhookEvent =
  | {
      kind: 'message';
      dedupeKey: string;
      wamid: string;
      from: string | null;
      userId: string | null;
      profileName: string | null;
      timestamp: Date;
      phoneNumberId: string;
      content: InboundContent;
    }
  | {
      kind: 'status';
      dedupeKey: string;
      wamid: string;
      status: StatusValue;
      timestamp: Date;
      recipient: string | null;
      recipientUserId: string | null;
      errors: StatusError[];
      pricingCategory?: string;
      /** Meta's `pricing` object, when present: how the message is charged. */
      pricing?: StatusPricing;
      phoneNumberId: string;
    }
  | {
      kind: 'template_status';
      dedupeKey: string;
      templateId: string;
      name: string;
      language: string;
      event: string;
      reason?: string;
      category?: string;
      timestamp: Date | null;
    }
  | {
      kind: 'template_category';
      dedupeKey: string;
      templateId: string;
      name: string;
      language: string;
      /** A notice of a change Meta will apply at `effectiveAt`, not the change itself. */
      impending: boolean;
      /** The category in force after this event (for a notice: the one Meta will apply). */
      newCategory: string;
      previousCategory: string | null;
      effectiveAt: Date | null;
      timestamp: Date | null;
    }
  | {
      /** phone_number_quality_update or business_capability_update: the number's quality / messaging limit. */
      kind: 'number_health';
      dedupeKey: string;
      field: 'phone_number_quality_update' | 'business_capability_update';
      /** Digits; null when Meta left it out (a portfolio-wide change). */
      displayNumber: string | null;
      /** FLAGGED, UNFLAGGED, DOWNGRADE, UPGRADE, THROUGHPUT_UPGRADE, ONBOARDING... (null for capability updates). */
      event: string | null;
      /** The portfolio's messaging limit as a tier (TIER_2K...), when the event carries one. */
      limit: string | null;
      timestamp: Date | null;
    };
export type StatusPricing = { category: string; type: string | null; pricingModel: string | null; billable: boolean | null };
export type Skipped = { reason: string; path: string };
export type ParseResult = { ok: true; events: WebhookEvent[]; skipped: Skipped[] } | { ok: false; error: 'not_json' | 'not_an_object' | 'wrong_object' };

const STATUSES: readonly string[] = ['sent', 'delivered', 'read', 'failed'];
const MAX_ERRORS = 50;

export function parseWebhookBody(raw: Uint8Array | string): ParseResult {
  let json: unknown;
  try {
    // Non-fatal decoding: a stray invalid byte degrades to U+FFFD instead of losing the batch.
    const text = typeof raw === 'string' ? raw : new TextDecoder('utf-8').decode(raw);
    // Template ids are JSON numbers that can exceed 2^53; quote them so no digit is lost.
    // The pattern cannot match inside a JSON string, where quotes are always escaped.
    json = JSON.parse(text.replace(/^\uFEFF/, '').replace(/("message_template_id"\s*:\s*)(\d+)(?=\s*[,}])/g, '$1"$2"'));
  } catch {
    return { ok: false, error: 'not_json' };
  }
  return parseWebhookPayload(json);
}

export function parseWebhookPayload(json: unknown): ParseResult {
  try {
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      return { ok: false, error: 'not_an_object' };
    }
    const envelope = EnvelopeSchema.safeParse(json);
    if (!envelope.success || envelope.data.object !== 'whatsapp_business_account') {
      return { ok: false, error: 'wrong_object' };
    }
    const out: Sink = { events: [], skipped: [] };
    const entries = envelope.data.entry;
    if (!Array.isArray(entries)) out.skipped.push({ reason: 'no_entry_array', path: 'entry' });
    else each(entries, 'entry', out, (e, path) => parseEntry(e, path, out));
    return { ok: true, ...out };
  } catch {
    // Only reachable with exotic inputs (throwing getters, proxies), never with JSON.parse output.
    return { ok: false, error: 'not_an_object' };
  }
}

type Sink = { events: WebhookEvent[]; skipped: Skipped[] };

/** Runs `fn` per element so that even an unforeseen exception only costs that element. */
function each(list: unknown[], path: string, out: Sink, fn: (item: unknown, path: string, i: number) => void) {
  for (let i = 0; i < list.length; i++) {
    const p = `${path}[${i}]`;
    try {
      fn(list[i], p, i);
    } catch {
      out.skipped.push({ reason: 'internal_error', path: p });
    }
  }
}

function reasonOf(error: z.ZodError): string {
  return `invalid:${error.issues[0]?.path.join('.') || 'shape'}`;
}

function parseEntry(raw: unknown, path: string, out: Sink) {
  const entry = EntrySchema.safeParse(raw);
  if (!entry.success) {
    out.skipped.push({ reason: reasonOf(entry.error), path });
    return;
  }
  each(entry.data.changes, `${path}.changes`, out, (c, p) => {
    const change = ChangeSchema.safeParse(c);
    if (!change.success) {
      out.skipped.push({ reason: reasonOf(change.error), path: p });
      return;
    }
    const { field, value } = change.data;
    if (field === 'messages') return parseMessagesValue(value, `${p}.value`, out);
    if (field === 'message_template_status_update') {
      return parseTemplate(value, entry.data.time ?? null, `${p}.value`, out);
    }
    if (field === 'phone_number_quality_update' || field === 'business_capability_update') {
      return parseNumberHealth(field, value, entry.data.time ?? null, `${p}.value`, out);
    }
    if (field === 'template_category_update') return parseTemplateCategory(value, entry.data.time ?? null, `${p}.value`, out);
    out.skipped.push({ reason: `unknown_field:${clip(field, 64)}`, path: p });
  });
}

function parseMessagesValue(value: unknown, path: string, out: Sink) {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.skipped.push({ reason: 'invalid:value', path });
    return;
  }
  const v = value as Record<string, unknown>;
  const meta = MetadataSchema.safeParse(v.metadata);
  const contacts = Array.isArray(v.contacts) ? v.contacts.map((c) => ContactSchema.safeParse(c).data) : [];
  for (const key of ['messages', 'statuses'] as const) {
    const list = v[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.skipped.push({ reason: `invalid:${key}`, path: `${path}.${key}` });
      continue;
    }
    // Without the business number we cannot tell which line the event belongs to.
    if (!meta.success) {
      out.skipped.push({ reason: 'invalid:metadata', path: `${path}.${key}` });
      continue;
    }
    const ctx = { phoneNumberId: meta.data.phone_number_id, contacts, count: list.length };
    each(list, `${path}.${key}`, out, (item, p, i) => {
      const reason = key === 'messages' ? parseMessage(item, i, ctx, out) : parseStatus(item, ctx, out);
      if (reason) out.skipped.push({ reason, path: p });
    });
  }
}

type Ctx = { phoneNumberId: string; contacts: (Contact | undefined)[]; count: number };

/**
 * The sender's contact: by wa_id, then by user_id, then by position (contacts[i] for messages[i]
 * when the counts match, or the only contact) as long as it does not name someone else.
 * Username-only users arrive with `from` empty or absent, so wa_id alone cannot be the key.
 */
function matchContact(m: MessageBase, index: number, ctx: Ctx): Contact | undefined {
  const phone = toE164(m.from);
  const same = (c: Contact | undefined) => !!c && ((!!phone && toE164(c.wa_id) === phone) || (!!m.from_user_id && c.user_id === m.from_user_id));
  const found = ctx.contacts.find(same);
  if (found) return found;
  const { contacts } = ctx;
  const byPosition = contacts.length === 1 ? contacts[0] : contacts.length === ctx.count ? contacts[index] : undefined;
  const contradicts = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a !== b;
  if (!byPosition || contradicts(phone, toE164(byPosition.wa_id)) || contradicts(m.from_user_id, byPosition.user_id)) return undefined;
  return byPosition;
}

function parseMessage(raw: unknown, index: number, ctx: Ctx, out: Sink): string | void {
  const base = MessageBaseSchema.safeParse(raw);
  if (!base.success) return reasonOf(base.error);
  const m = base.data;
  const contact = matchContact(m, index, ctx);
  const from = toE164(m.from) ?? toE164(contact?.wa_id);
  const userId = cleanId(m.from_user_id) ?? cleanId(contact?.user_id) ?? null;
  if (!from && !userId) return 'no_sender';
  const name = contact?.profile?.name;
  out.events.push({
    kind: 'message',
    dedupeKey: `msg:${m.id}`,
    wamid: m.id,
    from,
    userId,
    profileName: name ? cleanText(name) : null,
    timestamp: m.timestamp,
    phoneNumberId: ctx.phoneNumberId,
    content: toContent(m),
  });
}

function parseStatus(raw: unknown, ctx: Ctx, out: Sink): string | void {
  const parsed = StatusSchema.safeParse(raw);
  if (!parsed.success) return reasonOf(parsed.error);
  const s = parsed.data;
  if (!STATUSES.includes(s.status)) return `unknown_status:${clip(s.status, 32)}`;
  const recipient = toE164(s.recipient_id);
  // Statuses carry contacts since the 2026 BSUID rollout; the one with our recipient's number has the user_id.
  const contact = recipient ? ctx.contacts.find((c) => toE164(c?.wa_id) === recipient) : undefined;
  // A malformed error entry is dropped, never the status it explains.
  const errors: StatusError[] = (s.errors ?? []).slice(0, MAX_ERRORS).flatMap((e) => ErrorSchema.safeParse(e).data ?? []);
  const category = s.pricing?.category;
  const pricing: StatusPricing | undefined =
    category === undefined
      ? undefined
      : {
          category: clip(category, 64).toUpperCase(),
          type: s.pricing?.type !== undefined ? clip(s.pricing.type, 64) : null,
          pricingModel: s.pricing?.pricing_model !== undefined ? clip(s.pricing.pricing_model, 32) : null,
          billable: s.pricing?.billable ?? null,
        };
  out.events.push({
    kind: 'status',
    dedupeKey: `status:${s.id}:${s.status}`,
    wamid: s.id,
    status: s.status as StatusValue,
    timestamp: s.timestamp,
    recipient,
    recipientUserId: cleanId(s.recipient_user_id) ?? cleanId(contact?.user_id) ?? null,
    errors,
    ...(category !== undefined && { pricingCategory: clip(category, 64) }),
    ...(pricing && { pricing }),
    phoneNumberId: ctx.phoneNumberId,
  });
}

function parseTemplate(value: unknown, time: Date | null, path: string, out: Sink) {
  const t = TemplateStatusSchema.safeParse(value);
  if (!t.success) {
    out.skipped.push({ reason: reasonOf(t.error), path });
    return;
  }
  const v = t.data;
  const event = clip(v.event, 64);
  out.events.push({
    kind: 'template_status',
    // The same template can go APPROVED -> PAUSED -> APPROVED: the time keeps those distinct.
    dedupeKey: `template:${v.message_template_id}:${event}:${time ? time.getTime() / 1000 : ''}`,
    templateId: v.message_template_id,
    name: cleanText(v.message_template_name),
    language: cleanText(v.message_template_language),
    event,
    ...(v.reason !== undefined && { reason: cleanText(v.reason) }),
    ...(v.message_template_category !== undefined && { category: clip(v.message_template_category, 32).toUpperCase() }),
    timestamp: time,
  });
}

function parseTemplateCategory(value: unknown, time: Date | null, path: string, out: Sink) {
  const t = TemplateCategorySchema.safeParse(value);
  if (!t.success) {
    out.skipped.push({ reason: reasonOf(t.error), path });
    return;
  }
  const v = t.data;
  const impending = v.correct_category !== undefined;
  const next = impending ? v.correct_category : v.new_category;
  if (!next) {
    out.skipped.push({ reason: 'invalid:new_category', path });
    return;
  }
  const newCategory = clip(next, 32).toUpperCase();
  // For a notice, `new_category` is the category still in force.
  const before = impending ? v.new_category : v.previous_category;
  out.events.push({
    kind: 'template_category',
    dedupeKey: `template-category:${v.message_template_id}:${impending ? 'impending' : 'changed'}:${newCategory}:${time ? time.getTime() / 1000 : ''}`,
    templateId: v.message_template_id,
    name: cleanText(v.message_template_name),
    language: cleanText(v.message_template_language),
    impending,
    newCategory,
    previousCategory: before ? clip(before, 32).toUpperCase() : null,
    effectiveAt: v.category_update_timestamp ?? null,
    timestamp: time,
  });
}

/** Events whose `current_limit` is the messaging limit (THROUGHPUT_UPGRADE's is the throughput level). */
const LIMIT_EVENTS = new Set(['FLAGGED', 'UNFLAGGED', 'DOWNGRADE', 'UPGRADE']);

/** A tier name, or a count as business_capability_update gives it (-1 = unlimited). */
function tierOf(v: string | number | undefined): string | null {
  if (v === undefined) return null;
  if (typeof v === 'number' || /^-?\d+$/.test(v.trim())) return tierOfCount(Number(v));
  const t = v.trim().toUpperCase();
  return tierLimit(t) !== null ? t : null;
}

function parseNumberHealth(field: 'phone_number_quality_update' | 'business_capability_update', value: unknown, time: Date | null, path: string, out: Sink) {
  let event: string | null = null;
  let limit: string | null;
  let displayNumber: string | null = null;
  if (field === 'phone_number_quality_update') {
    const q = NumberQualitySchema.safeParse(value);
    if (!q.success) {
      out.skipped.push({ reason: reasonOf(q.error), path });
      return;
    }
    event = clip(q.data.event, 64).toUpperCase();
    displayNumber = q.data.display_phone_number?.replace(/\D/g, '') || null;
    // max_daily_conversations_per_business replaces current_limit (removed from 2026).
    limit = tierOf(q.data.max_daily_conversations_per_business) ?? (LIMIT_EVENTS.has(event) ? tierOf(q.data.current_limit) : null);
  } else {
    const c = BusinessCapabilitySchema.safeParse(value);
    if (!c.success) {
      out.skipped.push({ reason: reasonOf(c.error), path });
      return;
    }
    limit = tierOf(c.data.max_daily_conversations_per_business) ?? tierOf(c.data.max_daily_conversation_per_phone);
    if (!limit) return; // a capability update about something else (phone numbers per WABA)
  }
  out.events.push({
    kind: 'number_health',
    // No number in the key (it is stored in clear): events of other numbers are dropped before storing.
    dedupeKey: `number:${field}:${event ?? ''}:${limit ?? ''}:${time ? time.getTime() / 1000 : ''}`,
    field,
    displayNumber,
    event,
    limit,
    timestamp: time,
  });
}
