import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KNOWN_NETWORK_MS } from '../auth/policy';
import { makeStaff } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { runMaintenance } from './maintenance';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('runMaintenance', () => {
  it('forgets staff sessions older than the known-network period, for every user, and keeps the rest', async () => {
    ctx.clock.set('2026-12-01T10:00:00Z');
    const now = ctx.now().getTime();
    const anna = await makeStaff(ctx, { email: 'anna.manutenzione@comune.example.it' });
    const bruno = await makeStaff(ctx, { email: 'bruno.manutenzione@comune.example.it' });
    const session = (staffUserId: string, ageMs: number) =>
      ctx.db.staffSession.create({
        data: {
          staffUserId,
          method: 'PASSWORD',
          ipHmac: ctx.cipher.hmac(`ip:192.0.2.${ageMs % 200}`),
          createdAt: new Date(now - ageMs),
          lastSeenAt: new Date(now - ageMs),
        },
      });
    const old = [await session(anna.id, KNOWN_NETWORK_MS + 60_000), await session(bruno.id, KNOWN_NETWORK_MS + 86_400_000)];
    const kept = [await session(anna.id, KNOWN_NETWORK_MS - 60_000), await session(bruno.id, 3_600_000)];

    const r = await runMaintenance(ctx);
    expect(r.staffSessions).toBe(2);
    const left = await ctx.db.staffSession.findMany({ where: { id: { in: [...old, ...kept].map((s) => s.id) } }, select: { id: true } });
    expect(left.map((s) => s.id).sort()).toEqual(kept.map((s) => s.id).sort());
    expect((await runMaintenance(ctx)).staffSessions).toBe(0);
  });
});
