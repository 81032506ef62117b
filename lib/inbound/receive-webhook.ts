import type { AppContext } from '../context';
import { verifySignature } from '../whatsapp/signature';
import { messageDedupeKey, statusDedupeKey } from '../privacy/wamid';
import { parseWebhookBody, type WebhookEvent } from '../whatsapp/webhook-parse';
import { createEventSink, SinkUnavailableError, type EventSink } from './event-sink';

export { INBOUND_CHANNEL } from './channels';

/** Meta sends up to 3 MB per POST. */
export const MAX_WEBHOOK_BYTES = 3 * 1024 * 1024;

const sinks = new WeakMap<AppContext, EventSink>();

export type ReceiveResult = { status: 200; stored: number; duplicates: number; skipped: number } | { status: 400 | 401 | 413 | 503; error: string };

/**
 * Verify -> parse -> persist -> answer. Signature first, on the exact bytes, before any parsing:
 * an unsigned request has no effect at all. Every event of the POST is stored (unique on its dedupe
 * key, so Meta's retries and duplicates are no-ops; concurrent POSTs share one statement, see
 * event-sink.ts); the 200 goes out only after the commit, and a database failure answers 503 so
 * Meta retries later; so do a full queue and a commit that takes longer than the sink's timeout
 * (a hung database). `sink` is for tests that want their own bounds.
 */
export async function receiveWebhook(ctx: AppContext, raw: Uint8Array, signature: string | null, sink?: EventSink): Promise<ReceiveResult> {
  if (raw.byteLength > MAX_WEBHOOK_BYTES) return { status: 413, error: 'payload_too_large' };
  if (!verifySignature(raw, signature, ctx.whatsapp.appSecret)) return { status: 401, error: 'invalid_signature' };
  const parsed = parseWebhookBody(raw);
  if (!parsed.ok) {
    // A signed body that is not Meta's envelope will never become valid: 400 stops the retries.
    if (parsed.error === 'wrong_object') return { status: 200, stored: 0, duplicates: 0, skipped: 1 };
    return { status: 400, error: parsed.error };
  }
  if (parsed.skipped.length > 0) ctx.log.warn('webhook elements skipped', { skipped: parsed.skipped });
  // One business account may hold several numbers (and several apps): only ours concern us.
  const ours = parsed.events.filter((e) => isOurs(ctx, e)).map((e) => keyed(ctx, e));
  const foreign = parsed.events.length - ours.length;
  try {
    if (!sink) {
      sink = sinks.get(ctx);
      if (!sink) sinks.set(ctx, (sink = createEventSink(ctx)));
    }
    const stored = await sink.store(ours);
    return { status: 200, stored, duplicates: ours.length - stored, skipped: parsed.skipped.length + foreign };
  } catch (e) {
    if (e instanceof SinkUnavailableError) ctx.log.warn('webhook persist refused', { reason: e.reason, events: ours.length });
    else ctx.log.error('webhook persist failed', { error: e });
    return { status: 503, error: 'storage_unavailable' };
  }
}

function isOurs(ctx: AppContext, e: WebhookEvent): boolean {
  if (e.kind === 'template_status' || e.kind === 'template_category') return true;
  // Quality events name the number by its display digits; portfolio-wide ones name none.
  if (e.kind === 'number_health') return !e.displayNumber || e.displayNumber === ctx.whatsapp.displayNumber.replace(/\D/g, '');
  return e.phoneNumberId === ctx.whatsapp.phoneNumberId;
}

/**
 * The parser's dedupe keys hold the wamid, which holds the other party's number: the stored key
 * holds its keyed HMAC instead (lib/privacy/wamid.ts). The event itself is stored encrypted.
 */
function keyed(ctx: AppContext, e: WebhookEvent): WebhookEvent {
  switch (e.kind) {
    case 'message':
      return { ...e, dedupeKey: messageDedupeKey(ctx.cipher, e.wamid) };
    case 'status':
      return { ...e, dedupeKey: statusDedupeKey(ctx.cipher, e.wamid, e.status) };
    case 'template_status':
    case 'number_health':
    case 'template_category':
      return e;
  }
}
