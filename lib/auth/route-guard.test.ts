import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../env';
import { createRequestHandler } from '../server/request-handler';
import { createTestContext, type TestContext } from '../testing/test-context';
import { loginWithPassword } from './login-password';
import { checkStaffRequest, safeNextPath } from './route-guard';
import { mintSessionToken, sessionCookieName, type SessionClaims, type SessionTokenConfig } from './session-token';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { totpCodeAt } from './totp';

/**
 * Real HTTP through the same front door as production (lib/server/request-handler.ts), with a stand-in
 * for Next that behaves like an admin-only dashboard route handler.
 */
let ctx: TestContext;
let server: Server;
let base: string;
const cfg: SessionTokenConfig = { secret: 'x'.repeat(40), secure: false };
const seenHeaders: IncomingMessage['headers'][] = [];

beforeAll(async () => {
  ctx = await createTestContext();
  const env = { whatsapp: { graphUrl: 'http://127.0.0.1:9/simulatore' }, publicUrl: 'http://localhost', trustProxy: false } as Env;
  const next = async (req: IncomingMessage, res: import('node:http').ServerResponse) => {
    seenHeaders.push({ ...req.headers });
    const request = new Request(`http://localhost${req.url}`, { headers: req.headers as Record<string, string> });
    const r = await checkStaffRequest(ctx, cfg, request, 'ADMIN');
    const response = r instanceof Response ? r : Response.json({ ok: true, email: r.actor.email });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(await response.text());
  };
  server = createServer(createRequestHandler({ ctx, env, next, simulator: null }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await ctx.close();
});

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** With `totp`, the user has an authenticator and signs in with password and code. */
async function cookieFor(role: 'ADMIN' | 'EDITOR', email: string, totp = false): Promise<string> {
  await makeStaff(ctx, { email, role, ...(totp ? { totpSecret: SECRET } : {}) });
  const r = await loginWithPassword(ctx, { email, password: TEST_PASSWORD, ip: '203.0.113.9', ...(totp ? { code: totpCodeAt(SECRET, ctx.now()) } : {}) });
  if (!r.ok) throw new Error('login failed');
  const claims: SessionClaims = { sub: r.userId, sid: r.sessionId, sv: r.sessionVersion };
  return `${sessionCookieName(cfg)}=${await mintSessionToken(cfg, claims)}`;
}

const get = (headers: Record<string, string> = {}) => fetch(`${base}/dashboard/utenti/export`, { headers });

describe('dashboard route guard over HTTP', () => {
  it('refuses a request without a session with 401, also when it carries x-middleware-subrequest', async () => {
    const plain = await get();
    expect(plain.status).toBe(401);
    expect(await plain.json()).toEqual({ error: { code: 'unauthenticated', message: 'Accedi per continuare.' } });
    const bypass = await get({ 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' });
    expect(bypass.status).toBe(401);
    // Our server drops the header before the app sees it.
    expect(seenHeaders.at(-1)!['x-middleware-subrequest']).toBeUndefined();
  });

  it('refuses an editor with 403 (header or not) and lets an admin in', async () => {
    const editor = await cookieFor('EDITOR', 'redattore@comune.example.it');
    expect((await get({ cookie: editor })).status).toBe(403);
    expect(
      (await get({ cookie: editor, 'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware' })).status,
    ).toBe(403);
    const admin = await cookieFor('ADMIN', 'capo@comune.example.it', true);
    const ok = await get({ cookie: admin });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, email: 'capo@comune.example.it' });
  });

  it('refuses an admin without TOTP (mandatory for admins by default) until it is set up', async () => {
    const admin = await cookieFor('ADMIN', 'senza-totp@comune.example.it');
    const r = await get({ cookie: admin });
    expect(r.status).toBe(403);
    expect(await r.json()).toEqual({ error: { code: 'forbidden', message: 'Prima di continuare configura la verifica in due passaggi.' } });
  });

  it('refuses a forged or foreign cookie', async () => {
    expect((await get({ cookie: `${sessionCookieName(cfg)}=forged` })).status).toBe(401);
    const other = { ...cfg, secret: 'y'.repeat(40) };
    const token = await mintSessionToken(other, { sub: '00000000-0000-4000-8000-000000000001', sid: '00000000-0000-4000-8000-000000000002', sv: 0 });
    expect((await get({ cookie: `${sessionCookieName(cfg)}=${token}` })).status).toBe(401);
  });

  it('the client cannot choose its IP or path headers', async () => {
    await get({ 'x-banditore-client-ip': '1.2.3.4', 'x-banditore-path': '/evil' });
    const seen = seenHeaders.at(-1)!;
    expect(seen['x-banditore-client-ip']).toBe('127.0.0.1');
    expect(seen['x-banditore-path']).toBe('/dashboard/utenti/export');
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/dashboard/avvisi?x=1', '/dashboard/avvisi?x=1'],
    ['/dashboard', '/dashboard'],
    ['//evil.example/dashboard', '/dashboard'],
    ['https://evil.example/dashboard', '/dashboard'],
    ['/\\evil.example', '/dashboard'],
    ['/dashboardx', '/dashboard'],
    ['/iscriviti', '/dashboard'],
    [null, '/dashboard'],
  ])('%s -> %s', (input, out) => expect(safeNextPath(input)).toBe(out));
});
