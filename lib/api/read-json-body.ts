import { BodyTooLargeError, readJsonCapped, type JsonBody } from '../http/read-body';
import { apiError } from './api-error';

export const MAX_API_BODY_BYTES = 64 * 1024;

/** application/json, with or without parameters (charset=utf-8); also the +json family. */
function isJson(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

const MALFORMED: Record<Exclude<JsonBody, { ok: true }>['problem'], (detail?: string) => string> = {
  not_utf8: () => 'The body is not valid UTF-8.',
  empty: () => 'The body is empty: send a JSON object.',
  not_json: (detail) => `The body is not valid JSON: ${detail}`,
};

/**
 * The request's JSON body, or the error Response to return: 415 for another content type, 413 over
 * 64 KB (lib/http/read-body.ts refuses it without buffering it), 400 for bytes that are not UTF-8 JSON.
 */
export async function readJsonBody(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (!isJson(req.headers.get('content-type'))) {
    return {
      ok: false,
      response: apiError('unsupported_media_type', 'Send the body as JSON with the header "Content-Type: application/json".', {
        contentType: req.headers.get('content-type'),
      }),
    };
  }
  let body: JsonBody;
  try {
    body = await readJsonCapped(req, MAX_API_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    return { ok: false, response: apiError('payload_too_large', `The body is larger than ${MAX_API_BODY_BYTES / 1024} KB.`, { maxBytes: MAX_API_BODY_BYTES }) };
  }
  if (body.ok) return body;
  return { ok: false, response: apiError('malformed_json', MALFORMED[body.problem](body.detail)) };
}
