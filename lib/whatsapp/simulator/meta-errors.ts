/**
 * Meta's error catalogue as the simulator answers it: HTTP status, title and details per code,
 * following Meta's error-code reference (status column) and real responses.
 */
import { newFbtraceId } from './meta-json';

interface Entry {
  http: number;
  title: string;
  details?: string;
  type?: string;
}

const CATALOGUE: Record<number, Entry> = {
  2: { http: 503, title: 'Service temporarily unavailable', details: 'Temporary due to downtime or due to being overloaded.' },
  100: { http: 400, title: 'Invalid parameter' },
  130429: {
    http: 400,
    title: 'Rate limit hit',
    details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time',
  },
  131000: { http: 500, title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
  131008: { http: 400, title: 'Required parameter is missing' },
  131009: { http: 400, title: 'Parameter value is not valid' },
  131026: { http: 400, title: 'Message undeliverable', details: 'Message Undeliverable.' },
  131047: {
    http: 400,
    title: 'Re-engagement message',
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131049: {
    http: 400,
    title: 'This message was not delivered to maintain healthy ecosystem engagement.',
    details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
  },
  131051: { http: 400, title: 'Unsupported message type', details: 'Message type is currently not supported.' },
  131056: {
    http: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  },
  132000: { http: 400, title: 'Number of parameters does not match the expected number of params' },
  132001: { http: 404, title: 'Template name does not exist in the translation' },
  132005: { http: 400, title: 'Translated text too long' },
  132015: { http: 400, title: 'Template is Paused' },
  132016: { http: 400, title: 'Template is Disabled' },
  132018: { http: 400, title: 'There was an issue with the parameters in your template.' },
};

export interface MetaErrorReply {
  http: number;
  code: number;
  body: { error: Record<string, unknown> };
}

/** `{"error":{"message","type","code","error_data":{"messaging_product","details"},"fbtrace_id"}}` */
export function metaError(code: number, details?: string, extra?: { subcode?: number; message?: string; type?: string }): MetaErrorReply {
  const entry = CATALOGUE[code] ?? { http: 400, title: 'Unknown error' };
  const error: Record<string, unknown> = {
    message: extra?.message ?? `(#${code}) ${entry.title}`,
    type: extra?.type ?? entry.type ?? 'OAuthException',
    code,
    error_data: { messaging_product: 'whatsapp', details: details ?? entry.details ?? entry.title },
  };
  if (extra?.subcode !== undefined) error.error_subcode = extra.subcode;
  error.fbtrace_id = newFbtraceId();
  return { http: entry.http, code, body: { error } };
}

export function oauthError(): MetaErrorReply {
  return {
    http: 401,
    code: 190,
    body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: newFbtraceId() } },
  };
}

export function unknownObjectError(id: string, method: string): MetaErrorReply {
  const message =
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, ` +
    'or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api';
  return { http: 400, code: 100, body: { error: { message, type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: newFbtraceId() } } };
}

export function unknownPathError(): MetaErrorReply {
  return { http: 400, code: 2500, body: { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500, fbtrace_id: newFbtraceId() } } };
}

/** The `errors[]` item of a failed status webhook. */
export function statusError(code: number): { code: number; title: string; message: string; error_data: { details: string }; href: string } {
  const entry = CATALOGUE[code] ?? { http: 400, title: 'Unknown error' };
  return {
    code,
    title: entry.title,
    message: entry.title,
    error_data: { details: entry.details ?? entry.title },
    href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
  };
}
