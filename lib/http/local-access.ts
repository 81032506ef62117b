import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * "From this machine only": the socket's own remote address is loopback, and the request carries
 * no forwarding header. A reverse proxy on the same host connects from loopback too, so a request
 * with X-Forwarded-For, Forwarded or X-Real-IP came from somewhere else through it and does not
 * count as local. Used by the simulator's control API and by GET /metrics.
 */
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6 (::ffff:127.x.y.z). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

export function isLocalRequest(req: IncomingMessage): boolean {
  const proxied = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  return isLoopbackAddress(req.socket.remoteAddress) && !proxied;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** Constant-time comparison of a secret given by a client with the expected one (any lengths). */
export function sameSecret(given: string | undefined, expected: string): boolean {
  return typeof given === 'string' && given !== '' && timingSafeEqual(digest(given), digest(expected));
}
