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
    'No key, a malformed, wrong or revoked key. details.reason is missing, malformed, invalid or revoked.',
    {
      missing: errorExample('unauthenticated', 'Missing API key: send it in the Authorization header as "Bearer <key>".', { reason: 'missing' }),
      revoked: errorExample('unauthenticated', 'This API key has been revoked. Ask an administrator for a new one (dashboard, "Chiavi API").', {
        reason: 'revoked',
      }),
    },
    { 'WWW-Authenticate': { description: 'Bearer realm="banditore-api"', schema: { type: 'string' } } },
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
