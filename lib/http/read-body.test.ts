import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, parseJsonBytes, readBodyCapped, readJsonCapped } from './read-body';

const MAX = 1024;

/** A fetch body that streams `total` bytes in `chunk`-sized pieces, with no Content-Length. */
function streamed(total: number, chunk = 100, progress = { sent: 0 }): Request {
  let sent = 0;
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulls += 1;
      if (pulls > 1000) throw new Error('the reader kept reading past the cap');
      if (sent >= total) return controller.close();
      const n = Math.min(chunk, total - sent);
      sent += n;
      progress.sent = sent;
      controller.enqueue(new Uint8Array(n).fill(0x61));
    },
  });
  return new Request('http://local.test/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('readBodyCapped on a fetch Request', () => {
  it('refuses a declared Content-Length over the cap before reading anything', async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>({
      pull() {
        pulled = true;
      },
    });
    const req = new Request('http://local.test/', { method: 'POST', body, headers: { 'content-length': String(MAX + 1) }, duplex: 'half' } as RequestInit);
    const e = await readBodyCapped(req, MAX).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BodyTooLargeError);
    expect(e).toMatchObject({ status: 413, maxBytes: MAX });
    expect(pulled).toBe(false);
  });

  it('refuses a body that streams past the cap without Content-Length, and stops reading it', async () => {
    const progress = { sent: 0 };
    const req = streamed(10 * MAX, 100, progress);
    expect(req.headers.get('content-length')).toBeNull();
    await expect(readBodyCapped(req, MAX)).rejects.toBeInstanceOf(BodyTooLargeError);
    expect(progress.sent).toBeLessThan(2 * MAX);
    await expect(readBodyCapped(streamed(MAX + 1), MAX)).rejects.toMatchObject({ status: 413 });
  });

  it('accepts a body of exactly the cap, and an absent body as empty', async () => {
    expect((await readBodyCapped(streamed(MAX, 7), MAX)).byteLength).toBe(MAX);
    const exact = new Request('http://local.test/', { method: 'POST', body: 'a'.repeat(MAX) });
    expect((await readBodyCapped(exact, MAX)).toString()).toBe('a'.repeat(MAX));
    expect((await readBodyCapped(new Request('http://local.test/'), MAX)).byteLength).toBe(0);
  });
});

describe('readJsonCapped / parseJsonBytes', () => {
  const post = (body: BodyInit) => new Request('http://local.test/', { method: 'POST', body });

  it('parses UTF-8 JSON', async () => {
    expect(await readJsonCapped(post('{"città":"Cagliari","n":[1,2]}'), MAX)).toEqual({ ok: true, value: { città: 'Cagliari', n: [1, 2] } });
  });

  it('names what is wrong with a body that is not JSON', async () => {
    const bad = await readJsonCapped(post('{"title": '), MAX);
    expect(bad).toMatchObject({ ok: false, problem: 'not_json', detail: expect.any(String) });
    expect(await readJsonCapped(post('  \n'), MAX)).toEqual({ ok: false, problem: 'empty' });
    expect(parseJsonBytes(new Uint8Array([0x22, 0xff, 0x22]))).toEqual({ ok: false, problem: 'not_utf8' });
  });

  it('throws the same too-large error over the cap', async () => {
    await expect(readJsonCapped(post(`"${'a'.repeat(MAX)}"`), MAX)).rejects.toBeInstanceOf(BodyTooLargeError);
  });
});

describe('readBodyCapped on a node:http request', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      readBodyCapped(req, MAX).then(
        (raw) => res.writeHead(200).end(String(raw.byteLength)),
        (e: unknown) => res.writeHead(e instanceof BodyTooLargeError ? e.status : 500, { connection: 'close' }).end('too large'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** POSTs `size` bytes in 100-byte writes; with `declare`, a Content-Length, else chunked. */
  function send(size: number, declare: boolean): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/', headers: declare ? { 'content-length': size } : {} }, (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      for (let sent = 0; sent < size; sent += 100) req.write(Buffer.alloc(Math.min(100, size - sent), 0x61));
      req.end();
    });
  }

  it('answers a declared length over the cap with 413', async () => {
    expect(await send(MAX + 1, true)).toEqual({ status: 413, body: 'too large' });
  });

  it('answers a chunked body that streams past the cap with 413', async () => {
    expect(await send(5 * MAX, false)).toEqual({ status: 413, body: 'too large' });
  });

  it('reads a body of exactly the cap, declared or chunked', async () => {
    expect(await send(MAX, true)).toEqual({ status: 200, body: String(MAX) });
    expect(await send(MAX, false)).toEqual({ status: 200, body: String(MAX) });
  });
});
