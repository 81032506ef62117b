import type { AppContext } from '../context';
import { isAppError } from '../errors';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { apiError, toApiErrorResponse } from './api-error';
import { authenticateApiKey, type ApiKeyActor } from '../api-keys/authenticate-api-key';
import { authFailureRule, hitRateLimit, keyRule, peekRateLimit } from './rate-limits';

const WWW_AUTHENTICATE = { 'www-authenticate': 'Bearer realm="banditore-api"' };

function rateLimited(retryAfter: number, why: string): Response {
  return apiError('rate_limited', `Too many requests: ${why}. Retry after ${retryAfter} seconds.`, { retryAfter }, { 'retry-after': String(retryAfter) });
}

/**
 * Every authenticated API route runs through here: IP brake for failed authentications, bearer
 * key, per-key rate limit, then the handler; anything thrown becomes the API's JSON error.
 * The client IP is the one our server wrote into x-banditore-client-ip (a client cannot set it).
 */
export async function withApiKey(ctx: AppContext, req: Request, handle: (actor: ApiKeyActor) => Promise<Response>): Promise<Response> {
  try {
    const now = ctx.now();
    const ipRule = authFailureRule(ctx.cipher.hmac(`ip:${req.headers.get(CLIENT_IP_HEADER) ?? 'unknown'}`));
    const ipState = await peekRateLimit(ctx.pool, ipRule, now);
    if (!ipState.allowed) return rateLimited(ipState.retryAfter, 'too many failed authentications from this address');

    let actor: ApiKeyActor;
    try {
      actor = await authenticateApiKey(ctx, req.headers.get('authorization'));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'unauthenticated') throw e;
      if (e.details?.reason !== 'missing') await hitRateLimit(ctx.pool, ipRule, now);
      // reason (missing, malformed, invalid, revoked, expired) and, for an expired key, expiredAt.
      return apiError('unauthenticated', e.userMessage, { ...e.details }, WWW_AUTHENTICATE);
    }

    const keyState = await hitRateLimit(ctx.pool, keyRule(actor.id), now);
    if (!keyState.allowed) return rateLimited(keyState.retryAfter, 'this API key is limited to 60 requests a minute');
    return await handle(actor);
  } catch (e) {
    return toApiErrorResponse(e, ctx.log);
  }
}
