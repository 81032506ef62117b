import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { apiKeyMatches, apiKeyPrefix, API_KEY_PATTERN, generateApiKey, hashApiKey } from './api-key-format';
import { authenticateApiKey, LAST_USED_RESOLUTION_MS } from './authenticate-api-key';
import { createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';

let ctx: TestContext;
let admin: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
});
afterAll(async () => ctx.close());

const refusal = async (header: string | null) => {
  try {
    await authenticateApiKey(ctx, header);
    return 'accepted';
  } catch (e) {
    return (e as { code: string; details?: { reason?: string } }).code + ':' + (e as { details?: { reason?: string } }).details?.reason;
  }
};

describe('key format', () => {
  it('generates bnd_<12 hex>_<64 hex> keys: 256 random bits, prefix and SHA-256 of the whole key', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    for (const k of keys) {
      expect(k.key).toMatch(API_KEY_PATTERN);
      expect(k.key.startsWith(`${k.prefix}_`)).toBe(true);
      expect(k.hash).toBe(hashApiKey(k.key));
      expect(k.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(apiKeyPrefix(k.key)).toBe(k.prefix);
      expect(apiKeyMatches(k.key, k.hash)).toBe(true);
    }
    expect(new Set(keys.map((k) => k.key)).size).toBe(50);
    expect(new Set(keys.map((k) => k.prefix)).size).toBe(50);
    const secret = keys[0]!.key.split('_')[2]!;
    expect(Buffer.from(secret, 'hex')).toHaveLength(32);
  });

  it('refuses shapes that are not a key, and a hash of another length', () => {
    expect(apiKeyPrefix('bnd_abc_def')).toBeNull();
    expect(apiKeyPrefix(`BND_${'a'.repeat(12)}_${'b'.repeat(64)}`)).toBeNull();
    expect(apiKeyPrefix(` bnd_${'a'.repeat(12)}_${'b'.repeat(64)}`)).toBeNull();
    const k = generateApiKey();
    expect(apiKeyMatches(k.key, 'abcd')).toBe(false);
    expect(apiKeyMatches(k.key, generateApiKey().hash)).toBe(false);
  });
});

describe('creating, listing and revoking keys', () => {
  it('admins and the CLI create keys; only the hash is stored; both are audited', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: '  Sito del Comune ' } });
    expect(k.name).toBe('Sito del Comune');
    const row = await ctx.db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(row).toMatchObject({ prefix: k.prefix, keyHash: hashApiKey(k.key), createdById: admin.id, revokedAt: null, lastUsedAt: null });
    expect(JSON.stringify(row)).not.toContain(k.key.split('_')[2]);

    const fromCli = await createApiKey(ctx, { actor: systemActor('cli'), input: { name: 'Protezione civile' } });
    const audit = await ctx.db.auditLog.findMany({ where: { action: 'apikey_create' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.actorEmail, a.target, a.details])).toEqual([
      [admin.email, k.id, { name: 'Sito del Comune', prefix: k.prefix, scopes: ['alerts:draft'], expiresAt: k.expiresAt.toISOString() }],
      ['system:cli', fromCli.id, { name: 'Protezione civile', prefix: fromCli.prefix, scopes: ['alerts:draft'], expiresAt: fromCli.expiresAt.toISOString() }],
    ]);
    expect(JSON.stringify(audit.map((a) => a.details))).not.toContain(k.key.split('_')[2]);
  });

  it('refuses editors, viewers, API keys and an empty name', async () => {
    const editor = await staffActor(ctx, 'EDITOR');
    await expect(createApiKey(ctx, { actor: editor, input: { name: 'x y' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createApiKey(ctx, { actor: await staffActor(ctx, 'VIEWER'), input: { name: 'x y' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      createApiKey(ctx, { actor: { kind: 'api_key', id: admin.id, name: 'k', role: 'EDITOR', scopes: ['alerts:send'] }, input: { name: 'x y' } }),
    ).rejects.toMatchObject({
      code: 'forbidden',
    });
    await expect(createApiKey(ctx, { actor: admin, input: { name: ' ' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { name: [expect.any(String)] } },
    });
    await expect(listApiKeys(ctx, { actor: editor })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(revokeApiKey(ctx, { actor: editor, id: admin.id })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('lists active keys first with who created them, and revokes once (audited once)', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Da revocare' } });
    ctx.clock.advance(1000);
    const first = await revokeApiKey(ctx, { actor: admin, id: k.id });
    ctx.clock.advance(1000);
    const again = await revokeApiKey(ctx, { actor: admin, id: k.id });
    expect(again.revokedAt).toEqual(first.revokedAt);
    expect(await ctx.db.auditLog.count({ where: { action: 'apikey_revoke', target: k.id } })).toBe(1);
    const list = await listApiKeys(ctx, { actor: admin });
    expect(list.at(-1)).toMatchObject({ id: k.id, revokedAt: first.revokedAt, createdBy: admin.email });
    expect(list.filter((v) => v.revokedAt === null).length).toBeGreaterThan(0);
    expect(list.findIndex((v) => v.revokedAt !== null)).toBe(list.length - 1);
    expect(Object.keys(list[0]!)).not.toContain('keyHash');
    await expect(revokeApiKey(ctx, { actor: admin, id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(revokeApiKey(ctx, { actor: admin, id: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('scopes and expiry', () => {
  it('a new key is draft-only and valid 90 days unless chosen otherwise; alerts:send brings alerts:draft', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Predefinita' } });
    expect(k.scopes).toEqual(['alerts:draft']);
    expect(k.expiresAt.getTime() - k.createdAt.getTime()).toBe(90 * 86_400_000);
    const row = await ctx.db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(row).toMatchObject({ scopes: ['alerts:draft'], expiresAt: k.expiresAt });

    const wide = await createApiKey(ctx, { actor: admin, input: { name: 'Ampia', scopes: ['stats:read', 'alerts:send', 'stats:read'], expiresInDays: 365 } });
    expect(wide.scopes).toEqual(['alerts:draft', 'alerts:send', 'stats:read']);
    expect((await listApiKeys(ctx, { actor: admin })).find((v) => v.id === wide.id)).toMatchObject({ scopes: wide.scopes, expiresAt: wide.expiresAt });
  });

  it('validates scopes and expiry on creation, storing nothing', async () => {
    const before = await ctx.db.apiKey.count();
    await expect(createApiKey(ctx, { actor: admin, input: { name: 'Strana', scopes: ['alerts:draft', 'subscribers:delete'] } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { 'scopes.1': [expect.stringContaining('Permesso sconosciuto: subscribers:delete')] } },
    });
    await expect(createApiKey(ctx, { actor: admin, input: { name: 'Vuota', scopes: [] } })).rejects.toMatchObject({
      details: { fieldErrors: { scopes: ['Scegli almeno un permesso.'] } },
    });
    for (const expiresInDays of [0, 366, 1.5, 'mai']) {
      await expect(createApiKey(ctx, { actor: admin, input: { name: 'Eterna', expiresInDays: expiresInDays as number } })).rejects.toMatchObject({
        details: { fieldErrors: { expiresInDays: [expect.any(String)] } },
      });
    }
    expect(await ctx.db.apiKey.count()).toBe(before);
  });

  it('an expired key is refused with reason "expired" (only to the holder of the whole key)', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Breve', expiresInDays: 1 } });
    expect(await refusal(`Bearer ${k.key}`)).toBe('accepted');
    ctx.clock.advance(86_400_000 - 1);
    expect(await refusal(`Bearer ${k.key}`)).toBe('accepted');
    ctx.clock.advance(1);
    expect(await refusal(`Bearer ${k.key}`)).toBe('unauthenticated:expired');
    await expect(authenticateApiKey(ctx, `Bearer ${k.key}`)).rejects.toMatchObject({ details: { expiredAt: k.expiresAt.toISOString() } });
    expect(await refusal(`Bearer ${k.prefix}_${'0'.repeat(64)}`)).toBe('unauthenticated:invalid');
  });
});

describe('authenticateApiKey', () => {
  it('turns a valid bearer key into an editor actor', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Gestionale' } });
    expect(await authenticateApiKey(ctx, `Bearer ${k.key}`)).toEqual({
      kind: 'api_key',
      id: k.id,
      name: 'Gestionale',
      role: 'EDITOR',
      scopes: ['alerts:draft'],
    });
    expect(await authenticateApiKey(ctx, `bearer   ${k.key}`)).toMatchObject({ id: k.id });
  });

  it('refuses missing, malformed, unknown, wrong and revoked keys with a reason', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Rifiuti' } });
    const wrongSecret = `${k.prefix}_${'0'.repeat(64)}`;
    expect(await refusal(null)).toBe('unauthenticated:missing');
    expect(await refusal('')).toBe('unauthenticated:missing');
    expect(await refusal(k.key)).toBe('unauthenticated:malformed');
    expect(await refusal(`Basic ${k.key}`)).toBe('unauthenticated:malformed');
    expect(await refusal(`Bearer ${k.key}x`)).toBe('unauthenticated:malformed');
    expect(await refusal(`Bearer ${wrongSecret}`)).toBe('unauthenticated:invalid');
    expect(await refusal(`Bearer ${generateApiKey().key}`)).toBe('unauthenticated:invalid');
    await revokeApiKey(ctx, { actor: admin, id: k.id });
    expect(await refusal(`Bearer ${k.key}`)).toBe('unauthenticated:revoked');
    // Only the holder of the whole key learns that it was revoked.
    expect(await refusal(`Bearer ${wrongSecret}`)).toBe('unauthenticated:invalid');
  });

  it('writes last_used_at at most once a minute', async () => {
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Contatore' } });
    const lastUsed = async () => (await ctx.db.apiKey.findUniqueOrThrow({ where: { id: k.id } })).lastUsedAt;
    const t0 = ctx.now();
    await authenticateApiKey(ctx, `Bearer ${k.key}`);
    expect(await lastUsed()).toEqual(t0);
    ctx.clock.advance(LAST_USED_RESOLUTION_MS - 1000);
    await authenticateApiKey(ctx, `Bearer ${k.key}`);
    expect(await lastUsed()).toEqual(t0);
    ctx.clock.advance(2000);
    await authenticateApiKey(ctx, `Bearer ${k.key}`);
    expect(await lastUsed()).toEqual(ctx.now());
  });
});
