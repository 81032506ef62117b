import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppContext } from '../context';
import { BodyTooLargeError, readBodyCapped } from '../http/read-body';
import { verifyHandshake } from '../inbound/handshake';
import { MAX_WEBHOOK_BYTES, receiveWebhook } from '../inbound/receive-webhook';
import { SIGNATURE_HEADER } from '../whatsapp/signature';

export const WEBHOOK_PATH = '/api/whatsapp/webhook';

/**
 * The Meta webhook, served by our HTTP server before Next.js (docs/adr/0001-webhook-fast-path.md):
 * Meta sends three status callbacks per message sent, so at 1,000 messages/s this endpoint must take
 * thousands of POSTs per second, each answered only after its events are committed.
 */
export async function serveWebhook(ctx: AppContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method === 'GET') {
    // Only the handshake reads the query: the POSTs (thousands a second) skip parsing the URL.
    const url = new URL(req.url ?? '/', 'http://localhost');
    const r = verifyHandshake(url.searchParams, ctx.whatsapp.verifyToken);
    return send(res, r.status, r.body, 'text/plain; charset=utf-8');
  }
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'GET, POST');
    return send(res, 405, JSON.stringify({ error: 'method_not_allowed' }));
  }
  let raw: Buffer;
  try {
    raw = await readBodyCapped(req, MAX_WEBHOOK_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLargeError)) throw e;
    // The sender is usually still writing: answering and closing now would break its upload with a
    // reset (EPIPE) instead of the 413. The rest is read and dropped, within bounds, then the
    // connection is closed.
    await drainBounded(req, DRAIN_MAX_BYTES, DRAIN_MAX_MS);
    res.setHeader('Connection', 'close');
    return send(res, e.status, JSON.stringify({ error: 'payload_too_large' }));
  }
  const signature = req.headers[SIGNATURE_HEADER];
  const result = await receiveWebhook(ctx, raw, typeof signature === 'string' ? signature : null);
  send(res, result.status, JSON.stringify(result.status === 200 ? { ok: true } : { error: result.error }));
}

/** What an oversized request may still send before it is answered: beyond either bound it is cut off. */
const DRAIN_MAX_BYTES = 4 * MAX_WEBHOOK_BYTES;
const DRAIN_MAX_MS = 5000;

/** Reads and discards the rest of a request body, resolving at its end or at a bound (nothing is buffered). */
function drainBounded(req: IncomingMessage, maxBytes: number, maxMs: number): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let seen = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', onData).off('end', done).off('error', done).off('close', done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) done();
    };
    const timer = setTimeout(done, maxMs);
    req.on('data', onData).once('end', done).once('error', done).once('close', done);
    req.resume();
  });
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
