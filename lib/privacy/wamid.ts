import type { DataCipher } from './crypto';

/**
 * A wamid is base64 of a small protobuf that holds the other party's phone number
 * (`wamid.HBgM` + base64 of `0x1c 0x18 <len> "393331234567" ...`), so it is personal data: the
 * database keeps only a keyed HMAC of it. The HMAC key is the look-up key of DataCipher.hmac; the
 * input is prefixed with `wamid:` so a wamid's HMAC can never collide with a phone number's.
 * Only our database holds HMACs: Meta (and the simulator) keep speaking real wamids.
 */
export function wamidHmac(cipher: DataCipher, wamid: string): string {
  return cipher.hmac(`wamid:${wamid}`);
}

/** Dedupe key of an inbound message in inbound_events. */
export function messageDedupeKey(cipher: DataCipher, wamid: string): string {
  return `msg:${wamidHmac(cipher, wamid)}`;
}

/** Dedupe key of a status webhook in inbound_events. */
export function statusDedupeKey(cipher: DataCipher, wamid: string, status: string): string {
  return `status:${wamidHmac(cipher, wamid)}:${status}`;
}

/** Consent evidence for a WhatsApp message: names the message without identifying anyone. */
export function messageEvidence(cipher: DataCipher, wamid: string): string {
  return `whatsapp:${wamidHmac(cipher, wamid)}`;
}
