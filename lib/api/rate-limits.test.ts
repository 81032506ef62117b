import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffActor } from '../testing/fixtures';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createApiKey } from '../api-keys/create-api-key';
import { getStats } from './handlers';
import { API_AUTH_FAILURE_RATE, API_KEY_RATE } from './rate-limits';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
  // Start of a minute (and of a 15-minute window): the fixed windows do not roll over mid-test.
  ctx.clock.set('2026-11-29T10:00:00Z');
});
afterAll(async () => ctx.close());

const stats = async (auth: string | null, ip = '198.51.100.7') => {
  const headers: Record<string, string> = { [CLIENT_IP_HEADER]: ip };
  if (auth) headers.authorization = auth;
  return getStats(ctx, new Request('http://localhost/api/v1/stats?days=1', { headers }));
};

describe('API rate limits', () => {
  it(`allows ${API_KEY_RATE.limit} requests a minute per key, then 429 with Retry-After until the next minute`, async () => {
    const a = (await createApiKey(ctx, { actor: admin, input: { name: 'Chiave A', scopes: ['stats:read'] } })).key;
    const b = (await createApiKey(ctx, { actor: admin, input: { name: 'Chiave B', scopes: ['stats:read'] } })).key;
    for (let i = 0; i < API_KEY_RATE.limit; i++) expect((await stats(`Bearer ${a}`)).status).toBe(200);
    ctx.clock.advance(20_000);
    const refused = await stats(`Bearer ${a}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('40');
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited', details: { retryAfter: 40 } } });
    // Another key is not affected.
    expect((await stats(`Bearer ${b}`)).status).toBe(200);
    ctx.clock.advance(40_000);
    expect((await stats(`Bearer ${a}`)).status).toBe(200);
  });

  it(`blocks an address after ${API_AUTH_FAILURE_RATE.limit} failed authentications (not for missing keys), other addresses unaffected`, async () => {
    ctx.clock.set('2026-11-29T11:00:00Z');
    const good = (await createApiKey(ctx, { actor: admin, input: { name: 'Chiave buona', scopes: ['stats:read'] } })).key;
    const attacker = '192.0.2.66';
    for (let i = 0; i < 5; i++) expect((await stats(null, attacker)).status).toBe(401);
    for (let i = 0; i < API_AUTH_FAILURE_RATE.limit; i++) {
      const wrong = i % 2 === 0 ? `Bearer bnd_${'a'.repeat(12)}_${'b'.repeat(64)}` : 'Bearer not-a-key';
      expect((await stats(wrong, attacker)).status).toBe(401);
    }
    const blocked = await stats(`Bearer ${good}`, attacker);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60);
    expect((await stats(`Bearer ${good}`, '192.0.2.67')).status).toBe(200);
    // The counter is keyed by an HMAC of the address, never the address itself.
    const keys = (await ctx.pool.query<{ key: string }>("SELECT key FROM rate_limits WHERE key LIKE 'api:auth-fail:%'")).rows.map((r) => r.key);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain('192.0.2');
    ctx.clock.advance(15 * 60 * 1000);
    expect((await stats(`Bearer ${good}`, attacker)).status).toBe(200);
  });
});
