import { z } from 'zod';

/**
 * Zod schemas for Meta's WhatsApp webhook envelope and its parts.
 *
 * Meta adds fields without notice, so every object is loose and only the fields we read are typed.
 * Arrays are typed as `unknown[]` on purpose: each element is validated on its own by the parser,
 * so one malformed message or status is skipped without failing its neighbours.
 * Optional fields use `.catch(undefined)`: a wrong type there degrades to "absent" instead of
 * rejecting an element that is otherwise usable.
 */

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const optionalString = optional(z.string());

/** Meta's own limit is far below this; the cap keeps dedupe keys and DB indexes bounded. */
export const MAX_ID_LENGTH = 512;

// Control characters (NUL above all: PostgreSQL text rejects it) would poison the dedupe key.
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/** wamid and other ids we key on: non-empty, bounded, no control characters. */
export const IdSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .refine((s) => !CONTROL_CHARS.test(s), 'control characters');

/** Unix seconds, as a string (Meta's format) or a number (entry.time); up to 12 digits keeps Date valid. */
export const TimestampSchema = z
  .union([z.string().regex(/^\d{1,12}$/), z.number().int().min(0).max(999_999_999_999)])
  .transform((v) => new Date(Number(v) * 1000));

export const EnvelopeSchema = z.looseObject({ object: z.string(), entry: z.unknown().optional() });

export const EntrySchema = z.looseObject({
  id: optionalString,
  time: optional(TimestampSchema),
  changes: z.array(z.unknown()),
});

export const ChangeSchema = z.looseObject({ field: z.string(), value: z.unknown() });

export const MetadataSchema = z.looseObject({
  phone_number_id: IdSchema,
  display_phone_number: optionalString,
});

export const ContactSchema = z.looseObject({
  wa_id: optionalString,
  user_id: optionalString,
  profile: optional(z.looseObject({ name: optionalString, username: optionalString })),
});
export type Contact = z.infer<typeof ContactSchema>;

/** What every inbound message must carry; the content is mapped separately per `type`. */
export const MessageBaseSchema = z.looseObject({
  id: IdSchema,
  timestamp: TimestampSchema,
  // A missing type still leaves a message worth answering: it becomes `unsupported`.
  type: z.string().min(1).max(64).catch('unknown'),
  from: optionalString,
  from_user_id: optionalString,
  context: optional(z.looseObject({ id: optionalString })),
});
export type MessageBase = z.infer<typeof MessageBaseSchema>;

export const TextSchema = z.looseObject({ body: z.string() });

const ReplySchema = z.looseObject({ id: z.string(), title: z.string().catch('') });
export const InteractiveSchema = z.looseObject({
  type: z.string(),
  button_reply: optional(ReplySchema),
  list_reply: optional(ReplySchema),
});

export const ButtonSchema = z.looseObject({ payload: optionalString, text: optionalString });

export const MediaSchema = z.looseObject({ caption: optionalString });

export const ReactionSchema = z.looseObject({ emoji: optionalString, message_id: optionalString });

export const SystemSchema = z.looseObject({
  body: optionalString,
  type: optionalString,
  wa_id: optionalString,
  user_id: optionalString,
});

export const UnsupportedSchema = z.looseObject({ type: optionalString });

export const StatusSchema = z.looseObject({
  id: IdSchema,
  status: z.string(),
  timestamp: TimestampSchema,
  recipient_id: optionalString,
  recipient_user_id: optionalString,
  errors: optional(z.array(z.unknown())),
  pricing: optional(z.looseObject({ category: optionalString, type: optionalString, pricing_model: optionalString, billable: optional(z.boolean()) })),
});
export type Status = z.infer<typeof StatusSchema>;

/** Codes are documented as numbers; a numeric string is accepted rather than losing the error. */
export const ErrorSchema = z
  .looseObject({
    code: z.union([
      z.number().int(),
      z
        .string()
        .regex(/^-?\d{1,12}$/)
        .transform(Number),
    ]),
    title: z.string().catch(''),
    message: optionalString,
    error_data: optional(z.looseObject({ details: optionalString })),
  })
  .transform(({ code, title, message, error_data }) => ({
    code,
    title: cleanText(title),
    ...(message !== undefined && { message: cleanText(message) }),
    ...(error_data?.details !== undefined && { details: cleanText(error_data.details) }),
  }));

/**
 * `message_template_id` is a JSON number; above 2^53 it only survives as a string, which is why
 * `parseWebhookBody` quotes it before JSON.parse (see there).
 */
export const TemplateStatusSchema = z.looseObject({
  event: z.string().min(1),
  message_template_id: z.union([z.number().int().min(0), z.string().regex(/^\d{1,32}$/)]).transform(String),
  message_template_name: z.string(),
  message_template_language: z.string(),
  reason: optional(z.string()),
  // Sent by newer Graph versions with the status: the category the review settled on.
  message_template_category: optional(z.string()),
});

/**
 * `template_category_update`: a completed change carries `previous_category` and `new_category`;
 * the "impending" notice (a change Meta will apply later) carries `correct_category`, the current
 * category as `new_category` and `category_update_timestamp`, when the change takes effect.
 */
export const TemplateCategorySchema = z.looseObject({
  message_template_id: z.union([z.number().int().min(0), z.string().regex(/^\d{1,32}$/)]).transform(String),
  message_template_name: z.string(),
  message_template_language: z.string(),
  new_category: optional(z.string()),
  previous_category: optional(z.string()),
  correct_category: optional(z.string()),
  category_update_timestamp: optional(TimestampSchema),
});

/** phone_number_quality_update (FLAGGED/UNFLAGGED/DOWNGRADE/UPGRADE, ...) and business_capability_update. */
export const NumberQualitySchema = z.looseObject({
  display_phone_number: optionalString,
  event: z.string().min(1).max(64),
  current_limit: optionalString,
  old_limit: optionalString,
  max_daily_conversations_per_business: optional(z.union([z.string(), z.number()])),
});
export const BusinessCapabilitySchema = z.looseObject({
  max_daily_conversations_per_business: optional(z.union([z.string(), z.number()])),
  max_daily_conversation_per_phone: optional(z.union([z.string(), z.number()])),
});

// Field normalisers: what a value becomes once we keep it.

/** Meta caps text at 4096 chars; we keep what arrives, bounded so one field cannot bloat a row. */
export const MAX_FIELD_BYTES = 64 * 1024;

/** Meta's digits-only numbers -> E.164 with '+'; anything else (empty, group ids, junk) -> null. */
export function toE164(v: string | undefined): string | null {
  const digits = v?.trim().replace(/^\+/, '');
  return digits && /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

export function cleanId(v: string | undefined): string | undefined {
  return IdSchema.safeParse(v).success ? v : undefined;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Free text as it will be stored: NUL removed (PostgreSQL text rejects it, and a DB error would
 * make Meta retry the batch for days), lone surrogates replaced, at most MAX_FIELD_BYTES of UTF-8.
 */
export function cleanText(s: string): string {
  const clean = s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\ufffd');
  if (clean.length * 3 <= MAX_FIELD_BYTES) return clean; // UTF-8 needs at most 3 bytes per UTF-16 unit
  let bytes = 0;
  let i = 0;
  for (; i < clean.length; i++) {
    const c = clean.charCodeAt(i);
    // A pair counts 4 bytes on its high half, so a cut never separates the halves.
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
    if (bytes + size > MAX_FIELD_BYTES) break;
    bytes += size;
  }
  return clean.slice(0, i);
}

/** For short labels (types, reasons): cut first so the result stays well-formed. */
export function clip(s: string, max: number): string {
  return cleanText(s.slice(0, max));
}
