import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveTemplates, launch } from '../alerts/test-fixtures';
import { createApiKey } from '../api-keys/create-api-key';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getAlertStatus, getStats, postAlert } from './handlers';
import { alertBody } from './test-fixtures';

/**
 * API key scopes and expiry over real HTTP: the handlers the app/api/v1 routes call, behind a
 * node:http server (the routes only pass the context and the Request), against a real database.
 */
let ctx: TestContext;
let server: Server;
let base: string;
let admin: Awaited<ReturnType<typeof staffActor>>;

async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
  headers.set(CLIENT_IP_HEADER, req.socket.remoteAddress ?? 'unknown');
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  return new Request(`${origin}${req.url}`, { method: req.method, headers, body });
}

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 3, ['viabilita']);
  server = createServer((req, res) => {
    void (async () => {
      const request = await toRequest(req, base);
      const path = new URL(request.url).pathname;
      const id = /^\/api\/v1\/alerts\/([^/]+)$/.exec(path)?.[1];
      const response =
        path === '/api/v1/alerts' && req.method === 'POST'
          ? await postAlert(ctx, request)
          : id
            ? await getAlertStatus(ctx, request, id)
            : await getStats(ctx, request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await ctx.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
async function call(path: string, key: string, body?: object): Promise<{ status: number; body: Json }> {
  const r = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: r.status, body: await r.json() };
}

const alert = alertBody;

describe('API key scopes over HTTP', () => {
  it('a draft-only key (the default) creates drafts and reads them; sending or scheduling is 403 and leaves nothing', async () => {
    const { key, id: keyId } = await createApiKey(ctx, { actor: admin, input: { name: 'Solo bozze' } });
    const draft = await call('/api/v1/alerts', key, alert());
    expect(draft).toMatchObject({ status: 201, body: { status: 'draft', recipients: 3 } });
    expect((await call(`/api/v1/alerts/${draft.body.id}`, key)).body).toMatchObject({ id: draft.body.id, status: 'draft' });

    const before = await ctx.db.alert.count({ where: { apiKeyId: keyId } });
    const send = await call('/api/v1/alerts', key, alert({ send: true }));
    expect(send).toMatchObject({
      status: 403,
      body: { error: { code: 'insufficient_scope', details: { requiredScope: 'alerts:send', scopes: ['alerts:draft'] } } },
    });
    expect(send.body.error.message).toContain('lacks the scope "alerts:send" needed to send alerts');
    const schedule = await call('/api/v1/alerts', key, alert({ scheduledAt: new Date(ctx.now().getTime() + 86_400_000).toISOString() }));
    expect(schedule).toMatchObject({ status: 403, body: { error: { code: 'insufficient_scope', details: { requiredScope: 'alerts:send' } } } });
    expect(await ctx.db.alert.count({ where: { apiKeyId: keyId } })).toBe(before);
    expect(await ctx.db.delivery.count()).toBe(0);

    expect(await call('/api/v1/stats?days=1', key)).toMatchObject({ status: 403, body: { error: { details: { requiredScope: 'stats:read' } } } });
  });

  it('alerts:send sends; stats:read alone reads statistics and nothing else', async () => {
    const sender = await createApiKey(ctx, { actor: admin, input: { name: 'Invio', scopes: ['alerts:send'] } });
    expect(await call('/api/v1/alerts', sender.key, alert({ urgency: 'urgent', urgentReason: 'Frana', send: true }))).toMatchObject({
      status: 201,
      body: { status: 'sending', recipients: 3 },
    });
    const stats = await createApiKey(ctx, { actor: admin, input: { name: 'Statistiche', scopes: ['stats:read'] } });
    expect((await call('/api/v1/stats?days=1', stats.key)).status).toBe(200);
    expect(await call('/api/v1/alerts', stats.key, alert())).toMatchObject({ status: 403, body: { error: { details: { requiredScope: 'alerts:draft' } } } });
  });

  it('an expired key gets 401 with reason "expired"', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'In scadenza', scopes: ['stats:read'], expiresInDays: 1 } });
    expect((await call('/api/v1/stats?days=1', k.key)).status).toBe(200);
    ctx.clock.advance(86_400_000);
    const r = await call('/api/v1/stats?days=1', k.key);
    expect(r).toMatchObject({
      status: 401,
      body: { error: { code: 'unauthenticated', details: { reason: 'expired', expiredAt: k.expiresAt.toISOString() } } },
    });
    expect(r.body.error.message).toContain('has expired');
  });
});
