import type { IncomingMessage } from 'node:http';

/** Header our server sets for the app; any value sent by a client is dropped first. */
export const CLIENT_IP_HEADER = 'x-banditore-client-ip';
/** The request's path and query as our server received it (pages use it for the login's `next`). */
export const REQUEST_PATH_HEADER = 'x-banditore-path';

/**
 * The client's address for rate limits: the socket's, or — only when TRUST_PROXY is set because a
 * reverse proxy we control sits in front — the right-most address of X-Forwarded-For (the one the
 * proxy itself appended; anything left of it can be forged).
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    const last = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .pop();
    if (last) return last;
  }
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}
