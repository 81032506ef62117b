import { HTTP_STATUS, isAppError, type ErrorCode, type FieldErrors } from '../errors';
import type { Logger } from '../log';

/**
 * The API's error body: `{ "error": { "code", "message", "details"? } }`. Codes are stable (clients
 * switch on them); messages are English and say what to do. Domain errors (AppError) keep their
 * code; their Italian text, when it adds something, is passed on as details.detail.
 */
export type ApiErrorCode = ErrorCode | 'malformed_json' | 'unsupported_media_type' | 'payload_too_large' | 'idempotency_key_reused' | 'internal_error';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: Record<string, unknown> };
}

/** The domain's codes keep their status (lib/errors.ts); the API adds its own protocol errors. */
const STATUS: Record<ApiErrorCode, number> = {
  ...HTTP_STATUS,
  malformed_json: 400,
  unsupported_media_type: 415,
  payload_too_large: 413,
  idempotency_key_reused: 422,
  internal_error: 500,
};

export const API_ERROR_CODES = Object.keys(STATUS) as ApiErrorCode[];

export const NO_STORE = { 'cache-control': 'no-store' } as const;

export function apiError(code: ApiErrorCode, message: string, details?: Record<string, unknown>, headers: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error: { code, message, ...(details && Object.keys(details).length > 0 ? { details } : {}) } };
  return Response.json(body, { status: STATUS[code], headers: { ...NO_STORE, ...headers } });
}

export function apiJson(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...headers } });
}

const ENGLISH: Partial<Record<ErrorCode, string>> = {
  not_launched:
    'The service has not been launched yet: until an administrator launches it (dashboard page "Avvio del servizio", or `npm run cli -- service:launch`), alerts cannot be sent or scheduled. Send the alert without "send" and "scheduledAt" to keep it as a draft.',
  template_not_ready:
    'The WhatsApp template for alerts is not approved by Meta yet, so alerts cannot be sent. See the dashboard page "Modelli WhatsApp"; retry once it is approved.',
  forbidden: 'This API key is not allowed to do this.',
  conflict: 'The request conflicts with the current state of the alert.',
  not_found: 'Not found.',
  unavailable: 'The service is temporarily unavailable. Retry later.',
};

/** `topics.0` -> `topics[0]`: the JSON path of a field, as developers write it. */
export function jsonPath(key: string): string {
  if (key === '_' || key === '') return '$';
  return key.split('.').reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

export interface FieldProblem {
  path: string;
  message: string;
}

/** AppError details.fieldErrors -> a list of {path, message}, one per message. */
export function fieldProblems(fieldErrors: FieldErrors = {}): FieldProblem[] {
  return Object.entries(fieldErrors).flatMap(([key, messages]) => messages.map((message) => ({ path: jsonPath(key), message })));
}

export function invalidFields(fields: FieldProblem[], extra: Record<string, unknown> = {}): Response {
  const names = [...new Set(fields.map((f) => f.path))];
  const message = `Invalid request: ${names.length === 1 ? 'fix the field' : `fix ${names.length} fields`} ${names.join(', ')}. See error.details.fields for each problem.`;
  return apiError('invalid_input', message, { fields, ...extra });
}

/** Any thrown value -> the API's error response. Unexpected errors are logged, never shown. */
export function toApiErrorResponse(e: unknown, log: Logger): Response {
  if (isAppError(e)) {
    if (e.code === 'invalid_input') {
      const fields = fieldProblems(e.details?.fieldErrors);
      if (fields.length > 0) return invalidFields(fields);
      return apiError('invalid_input', `Invalid request: ${e.userMessage}`);
    }
    // A use case may name the precise English sentence itself (details.english), e.g. why a stop is refused.
    const english = (typeof e.details?.english === 'string' ? e.details.english : undefined) ?? ENGLISH[e.code];
    const details = Object.fromEntries(Object.entries(e.details ?? {}).filter(([k]) => k !== 'fieldErrors' && k !== 'english'));
    // The domain's Italian sentence is often more specific (which status, which template): keep it.
    if (english && english !== e.userMessage) details.detail = e.userMessage;
    return apiError(e.code, english ?? e.userMessage, details);
  }
  log.error('api request failed', { error: e });
  return apiError('internal_error', 'Unexpected server error. Retry later; if it persists, contact the operators with the time of the request.');
}
