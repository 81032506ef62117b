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
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isLocalRequest, sameSecret } from '../../http/local-access';

export { isLoopbackAddress } from '../../http/local-access';

export const CONTROL_TOKEN_HEADER = 'x-simulator-token';

/** 32 random bytes, base64url (43 characters). */
export const newControlToken = (): string => randomBytes(32).toString('base64url');

export type ControlAccess = { ok: true } | { ok: false; status: 401 | 403; message: string };

export function controlAccess(req: IncomingMessage, token: string, queryToken: string | null): ControlAccess {
  if (!isLocalRequest(req)) {
    return { ok: false, status: 403, message: 'the simulator control API answers only to requests from this machine (loopback, no proxy)' };
  }
  const header = req.headers[CONTROL_TOKEN_HEADER];
  const given = typeof header === 'string' ? header : (queryToken ?? undefined);
  if (!sameSecret(given, token)) {
    return {
      ok: false,
      status: 401,
      message: `missing or wrong simulator token: send the ${CONTROL_TOKEN_HEADER} header (the token is printed at start-up and kept in <DATA_DIR>/simulator-token)`,
    };
  }
  return { ok: true };
}
