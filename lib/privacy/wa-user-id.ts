import type { DataCipher } from './crypto';

/**
 * WhatsApp business-scoped user ids (BSUIDs, e.g. `IT.1349205671234567890`) identify a person
 * like a phone number does, and a username-only citizen has nothing else. They are personal
 * data: stored as a keyed HMAC for look-ups (prefixed with `wa-user:` so it can never collide
 * with a number's HMAC) and AES-GCM ciphertext for sending; never logged, shown to staff masked.
 */
export function waUserIdHmac(cipher: DataCipher, userId: string): string {
  return cipher.hmac(`wa-user:${userId}`);
}

/** "IT.20••••••7f": the country prefix and two characters, then the last two. */
export function maskWaUserId(userId: string): string {
  const dot = userId.indexOf('.');
  const head = dot > 0 && dot <= 4 ? userId.slice(0, dot + 3) : userId.slice(0, 2);
  return `${head}••••••${userId.slice(-2)}`;
}

/**
 * How an address is written in the outbox and handed to the Graph client: an E.164 number always
 * starts with '+', a BSUID never does (lib/whatsapp/payloads.ts picks `to` or `recipient` by it).
 */
export function isPhoneAddress(address: string): boolean {
  return address.startsWith('+');
}
