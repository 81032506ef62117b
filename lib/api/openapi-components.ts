/**
 * Building blocks of the OpenAPI description (openapi.ts): component schemas, shared error
 * responses, helpers. openapi.test.ts checks the schemas against the zod ones.
 */
import { TITLE_MAX } from '../templates/template-fit';
import { API_ERROR_CODES } from './api-error';
import { API_AUTH_FAILURE_RATE, API_KEY_RATE } from './rate-limits';
import { API_ALERT_STATUSES } from './schemas';
import type { JsonSchema, ResponseObject } from './openapi-types';

export const ALERT_ID = '5b0e6f0c-3c1e-4d2a-9f3b-2a7c1d9e4f10';
export const instant = { type: 'string', format: 'date-time' } as const;
export const nullableInstant = { type: ['string', 'null'], format: 'date-time' } as const;
export const date = { type: 'string', format: 'date', examples: ['2026-12-01'] } as const;
export const count = { type: 'integer', minimum: 0 } as const;
export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
export const errorRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

export const errorExample = (code: string, message: string, details?: Record<string, unknown>) => ({
  value: { error: { code, message, ...(details ? { details } : {}) } },
});

export function errorResponse(description: string, examples: Record<string, { value: unknown }>, headers?: ResponseObject['headers']): ResponseObject {
  return { description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: ref('Error'), examples } } };
}

export const retryAfter = { 'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 1 } } };

export const schemas: Record<string, JsonSchema> = {
  AlertInput: {
    type: 'object',
    additionalProperties: false,
    required: ['title', 'body', 'urgency'],
    properties: {
      title: { type: 'string', minLength: 1, maxLength: TITLE_MAX, description: 'One line; shown in bold at the top of the WhatsApp message.' },
      body: { type: 'string', minLength: 1, maxLength: 1024, description: 'WhatsApp formatting (*bold*, _italic_). The template adds fixed text, so the real limit can be lower: the error says by how much.' },
      topics: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' }, description: 'Topic slugs (e.g. "viabilita"). Omit to reach every subscriber.' },
      urgency: { type: 'string', enum: ['normal', 'urgent'], description: 'Urgent alerts skip the quiet hours and the weekly cap, and need urgentReason.' },
      urgentReason: { type: 'string', maxLength: 500, description: 'Required when urgency is "urgent"; recorded in the audit log.' },
      link: { type: 'string', maxLength: 500, format: 'uri', description: 'Optional https:// link added to the message.' },
      scheduledAt: { type: 'string', description: 'Schedule instead of sending now: an ISO 8601 instant with offset (2026-12-01T07:30:00Z), or a Rome wall-clock time (2026-12-01T08:30).' },
      send: { type: 'boolean', description: 'true: send now (normal alerts wait for the end of the quiet hours). Without send and scheduledAt the alert is saved as a draft.' },
      publicArchive: { type: 'boolean', default: true, description: 'Show the alert on the public page /avvisi and in its feeds once sent.' },
    },
  },
  AlertCreated: {
    type: 'object',
    required: ['id', 'status', 'recipients', 'releaseAt', 'heldForQuietHours'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      status: ref('AlertStatusName'),
      recipients: { ...count, description: 'Messages queued when sent now; otherwise the subscribers it would reach at this moment.' },
      releaseAt: { ...nullableInstant, description: 'When sending starts (or started); null for a draft.' },
      heldForQuietHours: { type: 'boolean', description: 'A normal alert moved to the end of the quiet hours.' },
    },
  },
  AlertStatusName: { type: 'string', enum: [...API_ALERT_STATUSES] },
  DeliveryCounts: {
    type: 'object',
    required: ['total', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'skipped'],
    properties: { total: count, queued: count, sending: count, sent: count, delivered: count, read: count, failed: count, skipped: count },
  },
  AlertStatus: {
    type: 'object',
    required: ['id', 'title', 'status', 'urgency', 'topics', 'publicArchive', 'createdAt', 'scheduledAt', 'releaseAt', 'publishedAt', 'completedAt', 'cancelledAt', 'recipients', 'deliveries', 'failures', 'percentDone', 'done'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      title: { type: 'string' },
      status: ref('AlertStatusName'),
      urgency: { type: 'string', enum: ['normal', 'urgent'] },
      topics: { type: ['array', 'null'], items: { type: 'string' }, description: 'Topic slugs; null = every topic.' },
      publicArchive: { type: 'boolean' },
      createdAt: instant,
      scheduledAt: nullableInstant,
      releaseAt: nullableInstant,
      publishedAt: nullableInstant,
      completedAt: nullableInstant,
      cancelledAt: nullableInstant,
      recipients: count,
      deliveries: ref('DeliveryCounts'),
      failures: {
        type: 'array',
        description: 'Failed deliveries by Meta error code (null: network or unknown error).',
        items: { type: 'object', required: ['code', 'label', 'count'], properties: { code: { type: ['integer', 'null'] }, label: { type: 'string' }, count: { type: 'integer', minimum: 1 } } },
      },
      percentDone: { type: 'integer', minimum: 0, maximum: 100 },
      done: { type: 'boolean', description: 'Nothing queued or being sent any more.' },
    },
  },
  Stats: {
    type: 'object',
    required: ['from', 'to', 'active', 'pending', 'unsubscribed', 'days'],
    properties: {
      from: date,
      to: date,
      active: { ...count, description: 'Subscribers receiving alerts now.' },
      pending: { ...count, description: 'Web requests waiting for WhatsApp confirmation.' },
      unsubscribed: { ...count, description: 'People who left (their number is erased).' },
      days: {
        type: 'array',
        description: 'One entry per day (Europe/Rome), oldest first, days without events included.',
        items: {
          type: 'object',
          required: ['date', 'optIns', 'optOuts', 'active'],
          properties: { date, optIns: count, optOuts: count, active: { ...count, description: 'Active subscribers at the end of the day (today: now).' } },
        },
      },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: API_ERROR_CODES },
          message: { type: 'string', description: 'For developers, in English.' },
          details: { type: 'object', description: 'invalid_input: fields: [{path, message}] (messages in Italian, as the dashboard shows them).' },
        },
      },
    },
  },
};

export const responses: Record<string, ResponseObject> = {
  Unauthenticated: errorResponse(
    'No key, a malformed, wrong or revoked key. details.reason is missing, malformed, invalid or revoked.',
    {
      missing: errorExample('unauthenticated', 'Missing API key: send it in the Authorization header as "Bearer <key>".', { reason: 'missing' }),
      revoked: errorExample('unauthenticated', 'This API key has been revoked. Ask an administrator for a new one (dashboard, "Chiavi API").', { reason: 'revoked' }),
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
