import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/roles';
import { createTestContext, type TestContext } from '../testing/test-context';
import { loadSettings } from './store';
import { updateSettings } from './update-settings';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const admin: Actor = { kind: 'staff', id: '00000000-0000-4000-8000-000000000001', email: 'admin@comune.example.it', name: 'A', role: 'ADMIN' };

describe('updateSettings', () => {
  it('saves only what changed and audits old and new values', async () => {
    const changed = await updateSettings(ctx, { actor: admin, changes: { messagesPerSecond: 40, fourEyes: true, comuneName: 'Comune di Conegliano' } });
    expect(changed).toEqual(['messagesPerSecond', 'fourEyes']);
    const s = await loadSettings(ctx.db, { fresh: true });
    expect(s.messagesPerSecond).toBe(40);
    expect(s.fourEyes).toBe(true);
    const audit = await ctx.db.auditLog.findMany({ where: { action: 'settings_change' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.details)).toEqual([
      { key: 'messagesPerSecond', old: 80, new: 40 },
      { key: 'fourEyes', old: false, new: true },
    ]);
    expect(audit[0]!.actorEmail).toBe('admin@comune.example.it');
  });

  it('refuses invalid values, read-only keys and unknown keys, saving nothing', async () => {
    await expect(
      updateSettings(ctx, { actor: admin, changes: { messagesPerSecond: 0, quietHoursStart: '25:00', launchedAt: null, nope: 1, weeklyNormalCap: 5 } }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: {
        fieldErrors: {
          messagesPerSecond: expect.any(Array),
          quietHoursStart: ['formato HH:MM'],
          launchedAt: [expect.stringContaining('sola lettura')],
          nope: ['Impostazione sconosciuta.'],
        },
      },
    });
    expect((await loadSettings(ctx.db, { fresh: true })).weeklyNormalCap).toBe(3);
  });

  it('is for admins only', async () => {
    await expect(updateSettings(ctx, { actor: { ...admin, role: 'EDITOR' }, changes: { fourEyes: false } })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
