import { IncomingMessage } from 'node:http';

/**
 * The one capped body reader, for a fetch `Request` (Next.js routes) and a node:http request (our
 * webhook fast path, the WhatsApp simulator). A declared Content-Length over the cap is refused
 * before reading anything; a body that streams past the cap is refused at the first byte over it,
 * without buffering the rest. Either way: BodyTooLargeError, answered 413.
 */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly status = 413;
  constructor(readonly maxBytes: number) {
    super(`body larger than ${maxBytes} bytes`);
  }
}

export type BodySource = Request | IncomingMessage;

/** The raw bytes (a signature covers them exactly); throws BodyTooLargeError over `max` bytes. */
export async function readBodyCapped(source: BodySource, max: number): Promise<Buffer> {
  if (declaredLength(source) > max) {
    discard(source);
    throw new BodyTooLargeError(max);
  }
  return source instanceof IncomingMessage ? readNode(source, max) : readWeb(source, max);
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; problem: 'not_utf8' | 'empty' | 'not_json'; detail?: string };

/** Strict UTF-8 JSON; an empty (or blank) body is a problem of its own. */
export function parseJsonBytes(raw: Uint8Array): JsonBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { ok: false, problem: 'not_utf8' };
  }
  if (text.trim() === '') return { ok: false, problem: 'empty' };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    return { ok: false, problem: 'not_json', detail: (e as Error).message };
  }
}

/** readBodyCapped, then parseJsonBytes. Throws BodyTooLargeError over `max` bytes. */
export async function readJsonCapped(source: BodySource, max: number): Promise<JsonBody> {
  return parseJsonBytes(await readBodyCapped(source, max));
}

function declaredLength(source: BodySource): number {
  const header = source instanceof IncomingMessage ? source.headers['content-length'] : source.headers.get('content-length');
  const n = Number(header ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** Lets the unread body go: a node request is drained (so the 413 can still be answered), a fetch body cancelled. */
function discard(source: BodySource): void {
  if (source instanceof IncomingMessage) source.resume();
  else void source.body?.cancel().catch(() => undefined);
}

async function readWeb(req: Request, max: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks, size);
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      throw new BodyTooLargeError(max);
    }
    chunks.push(value);
  }
}

function readNode(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd);
      req.resume();
      reject(new BodyTooLargeError(max));
    };
    const onEnd = () => resolve(Buffer.concat(chunks, size));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}
