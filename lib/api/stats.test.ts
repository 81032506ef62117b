import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createApiKey } from '../api-keys/create-api-key';
import { resolveStatsRange } from './get-api-stats';
import { getStats } from './handlers';
import { statsSchema } from './schemas';

let ctx: TestContext;
let key: string;

beforeAll(async () => {
  ctx = await createTestContext();
  key = (await createApiKey(ctx, { actor: await staffActor(ctx, 'ADMIN'), input: { name: 'Statistiche', scopes: ['stats:read'] } })).key;
  await addSubscribers(ctx, 4, ['viabilita']);
  await addSubscribers(ctx, 2, ['viabilita'], { status: 'PENDING' });
  await addSubscribers(ctx, 1, ['viabilita'], { status: 'UNSUBSCRIBED' });
  const event = (action: 'OPT_IN' | 'OPT_OUT', at: string) => ({ phoneHmac: `h-${at}-${action}`, action, channel: 'WEB' as const, createdAt: new Date(at) });
  await ctx.db.consentEvent.createMany({
    data: [
      event('OPT_IN', '2026-11-26T22:59:00Z'), // 23:59 in Rome: 26 November
      event('OPT_IN', '2026-11-26T23:01:00Z'), // 00:01 in Rome: 27 November
      event('OPT_IN', '2026-11-28T10:00:00Z'),
      event('OPT_OUT', '2026-11-28T11:00:00Z'),
      event('OPT_IN', '2026-11-29T09:00:00Z'),
    ],
  });
  await ctx.db.consentEvent.create({
    data: { phoneHmac: 'topics', action: 'TOPICS_CHANGED', channel: 'WHATSAPP', createdAt: new Date('2026-11-28T12:00:00Z') },
  });
});
afterAll(async () => ctx.close());

const get = async (query: string) => {
  const r = await getStats(
    ctx,
    new Request(`http://localhost/api/v1/stats${query}`, { headers: { authorization: `Bearer ${key}`, [CLIENT_IP_HEADER]: '203.0.113.1' } }),
  );
  return { status: r.status, body: await r.json() };
};

describe('GET /api/v1/stats', () => {
  it('counts subscribers by status and opt-ins/opt-outs per Rome day, every day listed', async () => {
    const r = await get('?from=2026-11-26&to=2026-11-29');
    expect(r.status).toBe(200);
    expect(statsSchema.parse(r.body)).toEqual({
      from: '2026-11-26',
      to: '2026-11-29',
      active: 4,
      pending: 2,
      unsubscribed: 1,
      days: [
        { date: '2026-11-26', optIns: 1, optOuts: 0, active: 2 },
        { date: '2026-11-27', optIns: 1, optOuts: 0, active: 3 },
        { date: '2026-11-28', optIns: 1, optOuts: 1, active: 3 },
        { date: '2026-11-29', optIns: 1, optOuts: 0, active: 4 },
      ],
    });
  });

  it('takes ?days=N ending today (Rome), defaults to 30 days, and leaves out days after today', async () => {
    const r = await get('?days=2');
    expect(r.body).toMatchObject({ from: '2026-11-28', to: '2026-11-29' });
    expect(r.body.days).toHaveLength(2);
    expect((await get('')).body.days).toHaveLength(30);
    const future = await get('?from=2026-11-29&to=2026-12-05');
    expect(future.body).toMatchObject({ from: '2026-11-29', to: '2026-11-29', days: [{ date: '2026-11-29' }] });
  });

  it('refuses bad ranges with the parameter as path', async () => {
    expect(await get('?from=2026-11-30&to=2026-11-01')).toMatchObject({
      status: 422,
      body: { error: { code: 'invalid_input', details: { fields: [{ path: 'from' }] } } },
    });
    expect((await get('?days=0')).body.error.details.fields[0].path).toBe('days');
    expect((await get('?days=3&from=2026-11-01')).status).toBe(422);
    expect((await get('?from=2025-01-01&to=2026-11-29')).body.error.details.fields[0].message).toContain('366');
    expect((await get('?from=yesterday')).status).toBe(422);
    expect((await get('?colour=red')).body.error.details.fields[0].path).toBe('colour');
  });

  it('resolves ranges across the DST switch in Rome time', () => {
    expect(resolveStatsRange({ days: '1' }, new Date('2026-10-24T22:30:00Z'))).toEqual({ from: '2026-10-25', to: '2026-10-25' });
    expect(resolveStatsRange({ from: '2026-03-28' }, new Date('2026-03-29T12:00:00Z'))).toEqual({ from: '2026-03-28', to: '2026-03-29' });
  });
});
