/**
 * Building blocks of the OpenAPI description (openapi.ts): shared error responses and helpers.
 * The component schemas are generated from zod (openapi-schemas.ts).
 */
import { API_AUTH_FAILURE_RATE, API_KEY_RATE } from './rate-limits';
import type { JsonSchema, ResponseObject } from './openapi-types';

export const ALERT_ID = '5b0e6f0c-3c1e-4d2a-9f3b-2a7c1d9e4f10';
export const date = { type: 'string', format: 'date', examples: ['2026-12-01'] } as const;
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

export const errorExample = (code: string, message: string, details?: Record<string, unknown>) => ({
  value: { error: { code, message, ...(details ? { details } : {}) } },
});

export function errorResponse(description: string, examples: Record<string, { value: unknown }>, headers?: ResponseObject['headers']): ResponseObject {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: ref('Error'), examples } } };
}

export const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } };

export const responses: Record<string, ResponseObject> = {
  Unauthenticated: errorResponse(
    'No key, a malformed, wrong, revoked or expired key. details.reason is missing, malformed, invalid, revoked or expired (then details.expiredAt).',
    {
      missing: errorExample('unauthenticated', 'Missing API key: send it in the Authorization header as "Bearer <key>".', { reason: 'missing' }),
      revoked: errorExample('unauthenticated', 'This API key has been revoked. Ask an administrator for a new one (dashboard, "Chiavi API").', {
        reason: 'revoked',
      }),
      expired: errorExample(
        'unauthenticated',
        'This API key has expired. Ask an administrator for a new one (dashboard, "Chiavi API"); keys are valid for at most a year.',
        { reason: 'expired', expiredAt: '2027-03-01T09:00:00.000Z' },
      ),
    },
    { 'WWW-Authenticate': { description: 'Bearer realm="banditore-api"', schema: { type: 'string' } } },
  ),
  InsufficientScope: errorResponse(
    "The key is valid but lacks the scope this operation needs (see the operation's security). details.requiredScope and details.scopes say which.",
    {
      draftOnly: errorExample(
        'insufficient_scope',
        'This API key lacks the scope "alerts:send" needed to send alerts ("send": true). Its scopes: alerts:draft. An administrator can create a key with that scope (dashboard, "Chiavi API").',
        { requiredScope: 'alerts:send', scopes: ['alerts:draft'] },
      ),
    },
  ),
  RateLimited: errorResponse(
    `More than ${API_KEY_RATE.limit} requests a minute with this key, or more than ${API_AUTH_FAILURE_RATE.limit} failed authentications from this address in ${API_AUTH_FAILURE_RATE.windowSeconds / 60} minutes.`,
    { key: errorExample('rate_limited', 'Too many requests: this API key is limited to 60 requests a minute. Retry after 12 seconds.', { retryAfter: 12 }) },
    retryAfter,
  ),
  InvalidInput: errorResponse('A field is missing or wrong. details.fields lists each problem with its JSON path.', {
    urgentWithoutReason: errorExample('invalid_input', 'Invalid request: fix the field urgentReason. See error.details.fields for each problem.', {
      fields: [{ path: 'urgentReason', message: 'Per un avviso urgente scrivi il motivo: viene registrato.' }],
    }),
  }),
  NotFound: errorResponse('No alert with this id.', { notFound: errorExample('not_found', 'Not found.', { detail: 'Avviso non trovato.' }) }),
};
