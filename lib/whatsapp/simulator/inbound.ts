/**
 * Webhook payloads in Meta's shapes: inbound messages from the simulated phones, statuses and
 * template status updates. Key order follows Meta's samples, for readable diffs against fixtures.
 */
import { fakeSha256, newMediaId, unixSeconds } from './meta-json';
import type { InboundSpec, MediaType } from './types';

export interface BusinessIds {
  wabaId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
}

type Obj = Record<string, unknown>;

export function webhookEnvelope(ids: BusinessIds, field: string, value: Obj, withTime = false): Obj {
  const entry: Obj = { id: ids.wabaId };
  if (withTime) entry.time = Math.floor(Date.now() / 1000);
  entry.changes = [{ value, field }];
  return { object: 'whatsapp_business_account', entry: [entry] };
}

export function messagesValue(ids: BusinessIds, rest: Obj): Obj {
  return {
    messaging_product: 'whatsapp',
    metadata: { display_phone_number: ids.displayPhoneNumber, phone_number_id: ids.phoneNumberId },
    ...rest,
  };
}

const MEDIA: Record<MediaType, { mime: string; extra?: Obj }> = {
  image: { mime: 'image/jpeg' },
  audio: { mime: 'audio/ogg; codecs=opus', extra: { voice: true } },
  video: { mime: 'video/mp4' },
  document: { mime: 'application/pdf' },
  sticker: { mime: 'image/webp', extra: { animated: false } },
};

const str = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** Returns why a spec (e.g. from the control API) is unusable, or null. */
export function inboundProblem(spec: unknown): string | null {
  const s = (spec ?? {}) as Obj;
  if (s.profileName !== undefined && !str(s.profileName, 256)) return 'profileName must be a non-empty string';
  if (s.username !== undefined && !str(s.username, 64)) return 'username must be a non-empty string';
  switch (s.type) {
    case 'text':
      return str(s.text) ? null : 'text is required (at most 4096 characters)';
    case 'list_reply':
    case 'button_reply':
      return str(s.id, 256) && str(s.title, 256) && str(s.contextId, 512) ? null : 'id, title and contextId are required';
    case 'button':
      return str(s.payload, 1024) && str(s.text, 256) && str(s.contextId, 512) ? null : 'payload, text and contextId are required';
    case 'image':
    case 'audio':
    case 'video':
    case 'document':
    case 'sticker':
      return s.caption === undefined || str(s.caption, 1024) ? null : 'caption must be a string';
    case 'location':
      return Number.isFinite(s.latitude) && Number.isFinite(s.longitude) ? null : 'latitude and longitude are required';
    case 'contacts':
      return str(s.name, 256) && str(s.phone, 32) ? null : 'name and phone are required';
    case 'reaction':
      return str(s.messageId, 512) && typeof s.emoji === 'string' ? null : 'messageId and emoji are required';
    case 'unsupported':
      return null;
    default:
      return 'type must be one of text, list_reply, button_reply, button, image, audio, video, document, sticker, location, contacts, reaction, unsupported';
  }
}

function content(spec: InboundSpec, businessDigits: string): Obj {
  const context = 'contextId' in spec ? { context: { from: businessDigits, id: spec.contextId } } : {};
  switch (spec.type) {
    case 'text':
      return { type: 'text', text: { body: spec.text } };
    case 'list_reply': {
      const reply: Obj = { id: spec.id, title: spec.title };
      if (spec.description) reply.description = spec.description;
      return { ...context, type: 'interactive', interactive: { type: 'list_reply', list_reply: reply } };
    }
    case 'button_reply':
      return { ...context, type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: spec.id, title: spec.title } } };
    case 'button':
      return { ...context, type: 'button', button: { payload: spec.payload, text: spec.text } };
    case 'location': {
      const location: Obj = { latitude: spec.latitude, longitude: spec.longitude };
      if (spec.name) location.name = spec.name;
      if (spec.address) location.address = spec.address;
      return { type: 'location', location };
    }
    case 'contacts': {
      const [first, ...rest] = spec.name.split(' ');
      const name: Obj = { formatted_name: spec.name, first_name: first };
      if (rest.length) name.last_name = rest.join(' ');
      const waId = spec.phone.replace(/\D/g, '');
      return { type: 'contacts', contacts: [{ name, phones: [{ phone: spec.phone, wa_id: waId, type: 'CELL' }] }] };
    }
    case 'reaction':
      return { type: 'reaction', reaction: { message_id: spec.messageId, emoji: spec.emoji } };
    case 'unsupported':
      return {
        type: 'unsupported',
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            error_data: { details: 'Message type is currently not supported.' },
          },
        ],
      };
    default: {
      const media = MEDIA[spec.type];
      const id = newMediaId();
      const body: Obj = {};
      if (spec.caption) body.caption = spec.caption;
      if (spec.type === 'document') body.filename = spec.filename ?? 'documento.pdf';
      Object.assign(body, { mime_type: spec.mimeType ?? media.mime, sha256: fakeSha256(id), id }, media.extra);
      return { type: spec.type, [spec.type]: body };
    }
  }
}

export interface Sender {
  digits: string;
  userId: string;
  profileName: string;
}

/** One inbound message webhook; `username` senders hide their number (no `from`, no `wa_id`). */
export function inboundPayload(ids: BusinessIds, sender: Sender, spec: InboundSpec, wamid: string, nowMs: number): Obj {
  const hidden = spec.username !== undefined;
  const profile: Obj = { name: sender.profileName };
  if (hidden) profile.username = spec.username;
  const contact: Obj = hidden ? { profile, user_id: sender.userId } : { profile, wa_id: sender.digits, user_id: sender.userId };
  const { context, ...rest } = content(spec, ids.displayPhoneNumber) as Obj & { context?: Obj };
  const message: Obj = context ? { context } : {};
  if (hidden) message.from_user_id = sender.userId;
  else message.from = sender.digits;
  Object.assign(message, { id: wamid, timestamp: unixSeconds(nowMs) }, rest);
  return webhookEnvelope(ids, 'messages', messagesValue(ids, { contacts: [contact], messages: [message] }));
}

/** What the phone page shows for a message the phone sent. */
export function inboundText(spec: InboundSpec): string {
  switch (spec.type) {
    case 'text':
      return spec.text;
    case 'list_reply':
    case 'button_reply':
      return spec.title;
    case 'button':
      return spec.text;
    case 'location':
      return `📍 ${spec.name ?? 'Posizione'} (${spec.latitude}, ${spec.longitude})`;
    case 'contacts':
      return `👤 ${spec.name} ${spec.phone}`;
    case 'reaction':
      return spec.emoji || '(reazione rimossa)';
    case 'unsupported':
      return '(messaggio non supportato)';
    default: {
      const label = { image: '🖼️ Foto', audio: '🎤 Audio', video: '🎬 Video', document: '📄 Documento', sticker: '🌟 Sticker' }[spec.type];
      return spec.caption ? `${label}: ${spec.caption}` : label;
    }
  }
}
