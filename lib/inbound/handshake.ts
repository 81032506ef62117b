import { timingSafeEqual } from 'node:crypto';

/** Meta's subscription handshake: echo the challenge only to the right verify token. */
export function verifyHandshake(params: URLSearchParams, verifyToken: string): { status: 200 | 403; body: string } {
  const token = Buffer.from(params.get('hub.verify_token') ?? '');
  const expected = Buffer.from(verifyToken);
  const ok = params.get('hub.mode') === 'subscribe' && expected.length > 0 && token.length === expected.length && timingSafeEqual(token, expected);
  return ok ? { status: 200, body: params.get('hub.challenge') ?? '' } : { status: 403, body: 'Forbidden' };
}
