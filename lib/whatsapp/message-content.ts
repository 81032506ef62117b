import {
  ButtonSchema,
  InteractiveSchema,
  MediaSchema,
  ReactionSchema,
  SystemSchema,
  TextSchema,
  UnsupportedSchema,
  cleanId,
  cleanText,
  clip,
  toE164,
  type MessageBase,
} from './webhook-schema';

/** What a citizen's message holds, as the inbound use cases see it (webhook-parse.ts builds it). */
export type MediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';
export type InboundContent =
  | { type: 'text'; text: string }
  | { type: 'interactive_reply'; replyId: string; title: string; contextWamid?: string }
  | { type: 'button'; payload: string; text: string; contextWamid?: string }
  | { type: 'media'; mediaType: MediaType; caption?: string }
  | { type: 'location' }
  | { type: 'contacts' }
  | { type: 'reaction'; emoji?: string }
  /** systemType e.g. user_changed_number; newNumber (E.164) / newUserId: the identifiers after the change. */
  | { type: 'system'; body?: string; systemType?: string; newNumber?: string; newUserId?: string }
  /** detail: Meta's `unsupported.type`, an unknown interactive sub-type, or 'malformed' content. */
  | { type: 'unsupported'; originalType: string; detail?: string };

const MEDIA: readonly string[] = ['image', 'audio', 'video', 'document', 'sticker'];

/** One message's content by its type; anything malformed or unknown becomes `unsupported`, never an error. */
export function toContent(m: MessageBase): InboundContent {
  const type = m.type;
  const contextWamid = cleanId(m.context?.id);
  const withContext = contextWamid ? { contextWamid } : {};
  const malformed: InboundContent = { type: 'unsupported', originalType: type, detail: 'malformed' };
  switch (type) {
    case 'text': {
      const text = TextSchema.safeParse(m.text);
      return text.success ? { type: 'text', text: cleanText(text.data.body) } : malformed;
    }
    case 'interactive': {
      const i = InteractiveSchema.safeParse(m.interactive);
      if (!i.success) return malformed;
      if (i.data.type !== 'button_reply' && i.data.type !== 'list_reply') {
        return { type: 'unsupported', originalType: type, detail: clip(i.data.type, 64) };
      }
      const reply = i.data[i.data.type];
      if (!reply) return malformed;
      return { type: 'interactive_reply', replyId: cleanText(reply.id), title: cleanText(reply.title), ...withContext };
    }
    case 'button': {
      const b = ButtonSchema.safeParse(m.button);
      // Routing needs the payload; the label stands in for it rather than losing the tap.
      const payload = b.data?.payload ?? b.data?.text;
      if (payload === undefined) return malformed;
      return { type: 'button', payload: cleanText(payload), text: cleanText(b.data?.text ?? ''), ...withContext };
    }
    case 'location':
      return { type: 'location' };
    case 'contacts':
      return { type: 'contacts' };
    case 'reaction': {
      const emoji = ReactionSchema.safeParse(m.reaction).data?.emoji;
      return emoji ? { type: 'reaction', emoji: cleanText(emoji) } : { type: 'reaction' };
    }
    case 'system': {
      const s = SystemSchema.safeParse(m.system).data;
      const newNumber = toE164(s?.wa_id) ?? undefined;
      const newUserId = cleanId(s?.user_id);
      return {
        type: 'system',
        ...(s?.body !== undefined && { body: cleanText(s.body) }),
        ...(s?.type !== undefined && { systemType: clip(s.type, 64) }),
        ...(newNumber && { newNumber }),
        ...(newUserId && { newUserId }),
      };
    }
    case 'unsupported': {
      const inner = UnsupportedSchema.safeParse(m.unsupported).data?.type;
      return { type: 'unsupported', originalType: type, ...(inner && { detail: clip(inner, 64) }) };
    }
  }
  if (MEDIA.includes(type)) {
    const caption = MediaSchema.safeParse(m[type]).data?.caption;
    return { type: 'media', mediaType: type as MediaType, ...(caption !== undefined && { caption: cleanText(caption) }) };
  }
  return { type: 'unsupported', originalType: clip(type, 64) };
}
