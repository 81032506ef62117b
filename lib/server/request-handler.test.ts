import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createRequestHandler } from './request-handler';

/**
 * The security headers over real HTTP. Next.js itself is not started here (e2e/citizen.spec.ts
 * runs the real pages under this policy): in its place a handler answers with the CSP header that
 * Next.js would read its nonce from, so the test sees that the nonce given to Next.js is the one
 * the browser is told to trust.
 */
let ctx: TestContext;
let server: Server;
let base: string;
const seenByNext: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  const handler = createRequestHandler({
    ctx,
    env: { publicUrl: 'https://avvisi.comune.example.it', trustProxy: false, nodeEnv: 'production', whatsapp: { graphUrl: 'http://127.0.0.1:9' } },
    simulator: null,
    next: async (req, res) => {
      seenByNext.push({ ...req.headers });
      res.setHeader('content-type', 'text/html');
      res.end('<!doctype html><p>ok</p>');
    },
  });
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await ctx.close();
});

const directives = (csp: string) =>
  Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...v]) => [name, v.join(' ')]),
  );

async function get(path: string, headers: Record<string, string> = {}) {
  const r = await fetch(`${base}${path}`, { headers });
  const csp = r.headers.get('content-security-policy') ?? '';
  return { csp, d: directives(csp), xfo: r.headers.get('x-frame-options'), next: seenByNext.at(-1)! };
}

describe('Content-Security-Policy on every page', () => {
  it('has the full policy, with a fresh nonce per response that is the one handed to Next.js', async () => {
    const a = await get('/iscriviti');
    expect(a.d).toMatchObject({
      'default-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data: blob:",
      'connect-src': "'self'",
      'worker-src': "'self' blob:",
      'object-src': "'none'",
      'base-uri': "'self'",
      'form-action': "'self'",
      'upgrade-insecure-requests': '',
    });
    expect(a.d['script-src']).toMatch(/^'self' 'nonce-[A-Za-z0-9+/]{22}==' *$/);
    expect(a.d['script-src']).not.toContain('unsafe');
    expect(a.next['content-security-policy']).toBe(a.csp);
    const b = await get('/iscriviti');
    expect(b.d['script-src']).not.toBe(a.d['script-src']);
  });

  it("ignores a CSP the client sends: Next.js sees only the server's nonce", async () => {
    const r = await get('/', {
      'content-security-policy': "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='",
      'content-security-policy-report-only': "script-src 'nonce-BBBB'",
    });
    expect(r.next['content-security-policy']).toBe(r.csp);
    expect(r.next['content-security-policy-report-only']).toBeUndefined();
    expect(r.csp).not.toContain('AAAAAAAA');
  });

  it('lets the public pages be framed by the origins in the settings, and nothing else by anyone', async () => {
    for (const p of ['/', '/iscriviti', '/iscriviti/conferma?x=1', '/avvisi', '/avvisi/0b6c1c7e-1d1e-4a57-9a39-3b1b7a0a8f00', '/privacy', '/accessibilita']) {
      const r = await get(p);
      expect(r.d['frame-ancestors'], p).toBe("'self'");
      expect(r.xfo, p).toBeNull();
    }
    await setSetting(ctx.db, 'allowedFrameOrigins', ['https://www.comune.example.it/pagina/avvisi', 'https://rete.example.it:8443']);
    const framed = await get('/iscriviti');
    expect(framed.d['frame-ancestors']).toBe("'self' https://www.comune.example.it https://rete.example.it:8443");
    for (const p of [
      '/accedi',
      '/dashboard',
      '/dashboard/avvisi',
      '/accedi/sso?next=/dashboard',
      '/api/v1/alerts',
      '/avvisi/feed.xml',
      '/iscrivitix',
      '/privacy/../dashboard',
    ]) {
      const r = await get(p);
      expect(r.d['frame-ancestors'], p).toBe("'none'");
      expect(r.xfo, p).toBe('DENY');
    }
  });
});
