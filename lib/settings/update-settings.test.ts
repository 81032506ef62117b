import { readFileSync } from 'node:fs';
import path from 'node:path';
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

  it('accepts only https addresses (http only for loopback), for every URL setting', async () => {
    await expect(
      updateSettings(ctx, {
        actor: admin,
        changes: {
          comuneWebsite: 'http://www.comune.example.it',
          accessibilityStatementUrl: 'http://form.agid.gov.it/view/x',
          allowedFrameOrigins: ['https://www.comune.example.it', 'http://www.comune.example.it'],
        },
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: {
        fieldErrors: {
          comuneWebsite: ['Serve un indirizzo https:// (http:// solo per localhost).'],
          accessibilityStatementUrl: expect.any(Array),
          allowedFrameOrigins: ['Serve un indirizzo https:// (http:// solo per localhost).'],
        },
      },
    });
    // Look-alikes of loopback are not loopback.
    await expect(updateSettings(ctx, { actor: admin, changes: { comuneWebsite: 'http://localhost.example.it' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const ok = await updateSettings(ctx, {
      actor: admin,
      changes: { comuneWebsite: 'https://www.comune.example.it', allowedFrameOrigins: ['http://localhost:3000'], accessibilityStatementUrl: '' },
    });
    expect(ok).toEqual(['comuneWebsite', 'allowedFrameOrigins']);
  });

  it('the migration upgrades stored http addresses to https, leaving loopback alone', async () => {
    const sql = readFileSync(path.resolve('prisma/migrations/20261203140000_settings_https_urls/migration.sql'), 'utf8');
    const put = (key: string, value: unknown) =>
      ctx.db.$executeRaw`INSERT INTO settings (key, value, updated_at) VALUES (${key}, ${JSON.stringify(value)}::jsonb, now())
                         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;
    await put('comuneWebsite', 'http://www.comune.example.it/home');
    await put('accessibilityStatementUrl', 'https://form.agid.gov.it/view/x');
    await put('allowedFrameOrigins', ['HTTP://a.example.it', 'https://b.example.it', 'http://localhost:3000']);
    await ctx.db.$executeRawUnsafe(sql);
    const rows = Object.fromEntries((await ctx.db.setting.findMany()).map((r) => [r.key, r.value]));
    expect(rows.comuneWebsite).toBe('https://www.comune.example.it/home');
    expect(rows.accessibilityStatementUrl).toBe('https://form.agid.gov.it/view/x');
    expect(rows.allowedFrameOrigins).toEqual(['https://a.example.it', 'https://b.example.it', 'http://localhost:3000']);
  });

  it('is for admins only', async () => {
    await expect(updateSettings(ctx, { actor: { ...admin, role: 'EDITOR' }, changes: { fourEyes: false } })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
