import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { MAX_WEBHOOK_BYTES } from '../inbound/receive-webhook';
import { serveWebhook, WEBHOOK_PATH } from './webhook-http';

// A body over the cap is refused before the context is used: no database is needed here.
const ctx = {} as AppContext;

describe('serveWebhook: bodies over the cap', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => void serveWebhook(ctx, req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function post(size: number, declare: boolean): Promise<{ status: number; connection?: string; body: string }> {
    return new Promise((resolve, reject) => {
      const headers = { 'content-type': 'application/json', ...(declare ? { 'content-length': size } : {}) };
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: WEBHOOK_PATH, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
      });
      req.on('error', reject);
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      for (let sent = 0; sent < size; sent += chunk.length) req.write(chunk.subarray(0, Math.min(chunk.length, size - sent)));
      req.end();
    });
  }

  it('answers 413 payload_too_large to a declared length over the cap', async () => {
    expect(await post(MAX_WEBHOOK_BYTES + 1, true)).toEqual({ status: 413, connection: 'close', body: '{"error":"payload_too_large"}' });
  });

  it('answers 413 payload_too_large to a chunked body that streams past the cap', async () => {
    expect(await post(MAX_WEBHOOK_BYTES + 1, false)).toEqual({ status: 413, connection: 'close', body: '{"error":"payload_too_large"}' });
  });

  it('lets a sender still uploading finish, and answers it 413 rather than resetting the connection', async () => {
    // As Meta or a proxy sends a big body: in chunks, waiting for the socket, while the answer is decided.
    const size = 3 * MAX_WEBHOOK_BYTES;
    const result = await new Promise<{ status: number; body: string; uploadError: string | null }>((resolve) => {
      let answer: { status: number; body: string } | null = null;
      let uploadError: string | null = null;
      let uploaded = false;
      const settle = () => answer && (uploaded || uploadError) && resolve({ ...answer, uploadError });
      const req = request({
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: WEBHOOK_PATH,
        headers: { 'content-type': 'application/json', 'content-length': size },
      });
      req.on('response', (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => {
          answer = { status: res.statusCode ?? 0, body };
          settle();
        });
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        uploadError = e.code ?? e.message;
        answer ??= { status: 0, body: '' };
        settle();
      });
      req.on('finish', () => {
        uploaded = true;
        settle();
      });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      void (async () => {
        for (let sent = 0; sent < size && !uploadError; sent += chunk.length) {
          if (!req.write(chunk.subarray(0, Math.min(chunk.length, size - sent)))) await new Promise((r) => req.once('drain', r));
          if ((sent / chunk.length) % 32 === 0) await new Promise((r) => setTimeout(r, 2));
        }
        req.end();
      })();
    });
    expect(result).toEqual({ status: 413, body: '{"error":"payload_too_large"}', uploadError: null });
  });
});
