import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_PATTERN } from '../api-keys/api-key-format';
import { authenticateApiKey } from '../api-keys/authenticate-api-key';
import { createTestContext, type TestContext } from '../testing/test-context';
import { commands, type CliIo } from './commands';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

function io(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, readFile: async () => '', out: (l) => lines.push(l) };
}

const run = async (name: string, args: string[]) => {
  const out = io();
  const code = await commands[name]!.run(ctx, args, out);
  return { code, lines: out.lines };
};

describe('apikey commands', () => {
  it('apikey:create prints the key once; it works; apikey:list shows only the prefix; apikey:revoke stops it', async () => {
    const created = await run('apikey:create', ['--name', 'Sito del Comune']);
    expect(created.code).toBe(0);
    const key = created.lines.find((l) => API_KEY_PATTERN.test(l))!;
    expect(key).toBeDefined();
    expect(await authenticateApiKey(ctx, `Bearer ${key}`)).toMatchObject({ name: 'Sito del Comune', role: 'EDITOR', scopes: ['alerts:draft'] });
    expect(created.lines[0]).toContain('permessi: alerts:draft');
    expect((await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'apikey_create' } })).actorEmail).toBe('system:cli');

    const prefix = key.split('_').slice(0, 2).join('_');
    const list = await run('apikey:list', []);
    expect(list.lines.join('\n')).toContain(`${prefix}_…`);
    expect(list.lines.join('\n')).not.toContain(key);

    expect((await run('apikey:revoke', ['--prefix', `${prefix}_…`])).code).toBe(0);
    await expect(authenticateApiKey(ctx, `Bearer ${key}`)).rejects.toMatchObject({ details: { reason: 'revoked' } });
    expect((await run('apikey:list', [])).lines.join('\n')).toContain('REVOCATA');
  });

  it('apikey:create takes --scopes and --days, and refuses unknown scopes and more than a year', async () => {
    const created = await run('apikey:create', ['--name', 'Gestionale', '--scopes', 'alerts:send, stats:read', '--days', '30']);
    expect(created.code).toBe(0);
    const key = created.lines.find((l) => API_KEY_PATTERN.test(l))!;
    const actor = await authenticateApiKey(ctx, `Bearer ${key}`);
    expect(actor).toMatchObject({ scopes: ['alerts:draft', 'alerts:send', 'stats:read'] });
    const row = await ctx.db.apiKey.findUniqueOrThrow({ where: { id: actor.id } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(30 * 86_400_000);
    expect((await run('apikey:list', [])).lines.join('\n')).toContain('alerts:draft,alerts:send,stats:read');

    expect(await run('apikey:create', ['--name', 'Troppo', '--scopes', 'subscribers:delete'])).toMatchObject({
      code: 1,
      lines: [expect.stringContaining('Permesso sconosciuto: subscribers:delete')],
    });
    expect(await run('apikey:create', ['--name', 'Troppo', '--days', '400'])).toMatchObject({
      code: 1,
      lines: [expect.stringContaining('al massimo 365 giorni')],
    });
  });

  it('explains its usage', async () => {
    expect(await run('apikey:create', [])).toMatchObject({ code: 2, lines: [expect.stringContaining('--name')] });
    expect(await run('apikey:create', ['--name', 'x'])).toMatchObject({ code: 1, lines: [expect.stringContaining('almeno 2 caratteri')] });
    expect((await run('apikey:revoke', ['--prefix', 'bnd_000000000000'])).code).toBe(1);
  });
});
