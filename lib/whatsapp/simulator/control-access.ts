/**
 * Who may use the control API (<basePath>/api/...): it posts messages as any citizen, signed with
 * the App Secret the app trusts, and lists every number the app wrote to. So it answers only
 *  - on loopback: the socket's own remote address, never X-Forwarded-For; a request that carries a
 *    forwarding header came through a proxy, i.e. from somewhere else, and is refused too;
 *  - with the per-start token (createSimulator generates one unless given; the launcher writes it to
 *    <DATA_DIR>/simulator-token and prints it in the phone page's link), in the X-Simulator-Token
 *    header. EventSource cannot send headers, so GET /api/events also takes it as ?token=.
 * The Graph API stand-in is not affected: it checks the bearer access token, like Meta.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const CONTROL_TOKEN_HEADER = 'x-simulator-token';
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** 32 random bytes, base64url (43 characters). */
export const newControlToken = (): string => randomBytes(32).toString('base64url');

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export function sameToken(given: string | undefined, expected: string): boolean {
  return typeof given === 'string' && given !== '' && timingSafeEqual(digest(given), digest(expected));
}

export type ControlAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function controlAccess(req: IncomingMessage, token: string, queryToken: string | null): ControlAccess {
  const proxied = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  if (!isLoopbackAddress(req.socket.remoteAddress) || proxied) {
    return { ok: false, status: 403, message: 'the simulator control API answers only to requests from this machine (loopback, no proxy)' };
  }
  const header = req.headers[CONTROL_TOKEN_HEADER];
  const given = typeof header === 'string' ? header : (queryToken ?? undefined);
  if (!sameToken(given, token)) {
    return {
      ok: false,
      status: 401,
      message: `missing or wrong simulator token: send the ${CONTROL_TOKEN_HEADER} header (the token is printed at start-up and kept in <DATA_DIR>/simulator-token)`,
    };
  }
  return { ok: true };
}
