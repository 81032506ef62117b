import { readBodyCapped } from '../http/read-body';
import { apiError } from './api-error';

export const MAX_API_BODY_BYTES = 64 * 1024;

/** application/json, with or without parameters (charset=utf-8); also the +json family. */
function isJson(contentType: string | null): boolean {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return type === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

/**
 * The request's JSON body, or the error Response to return: 415 for another content type,
 * 413 over 64 KB (refused without buffering it), 400 for bytes that are not UTF-8 JSON.
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
  const raw = await readBodyCapped(req, MAX_API_BODY_BYTES);
  if (raw === null) {
    return { ok: false, response: apiError('payload_too_large', `The body is larger than ${MAX_API_BODY_BYTES / 1024} KB.`, { maxBytes: MAX_API_BODY_BYTES }) };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, response: apiError('malformed_json', 'The body is not valid UTF-8.') };
  }
  if (text.trim() === '') return { ok: false, response: apiError('malformed_json', 'The body is empty: send a JSON object.') };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, response: apiError('malformed_json', `The body is not valid JSON: ${(e as Error).message}`) };
  }
}
