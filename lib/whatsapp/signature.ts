import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Meta signs every webhook POST with HMAC-SHA256 over the exact bytes it sent, keyed with the
 * App Secret, in the header `X-Hub-Signature-256: sha256=<64 lowercase hex>`.
 * Always hash the raw bytes: re-serialised JSON differs for non-ASCII text (Meta escapes it).
 */
export const SIGNATURE_HEADER = 'x-hub-signature-256';

export function signPayload(rawBody: Uint8Array | string, appSecret: string): string {
  return 'sha256=' + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

const SIGNATURE_FORMAT = /^sha256=[0-9a-f]{64}$/;

/** Constant-time check. Missing, malformed or wrong signature -> false. Never skips: no secret, no pass. */
export function verifySignature(rawBody: Uint8Array, header: string | null | undefined, appSecret: string): boolean {
  if (!appSecret || !header || !SIGNATURE_FORMAT.test(header)) return false;
  const expected = Buffer.from(signPayload(rawBody, appSecret), 'utf8');
  const received = Buffer.from(header, 'utf8');
  // timingSafeEqual throws on a length mismatch; the format check above makes lengths equal.
  return expected.length === received.length && timingSafeEqual(expected, received);
}
