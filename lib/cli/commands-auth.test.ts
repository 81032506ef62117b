import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithPassword } from '../auth/login-password';
import { verifyPassword } from '../auth/password';
import { TEMPORARY_PASSWORD_MS } from '../auth/policy';
import { checkSession } from '../auth/session-check';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { commands, type CliIo } from './commands';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

function io(answers: (string | null)[] = []): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    readFile: async () => '',
    out: (l) => lines.push(l),
    promptSecret: async () => (answers.length ? answers.shift()! : null),
  };
}

const run = (name: string, args: string[], i = io()) => commands[name]!.run(ctx, args, i);

describe('user:create', () => {
  it('creates an admin with --password, hashed with argon2id, and audits it', async () => {
    const out = io();
    const code = await run(
      'user:create',
      ['--email', 'Primo.Admin@Comune.example.it', '--role', 'admin', '--name', 'Primo Admin', '--password', 'cavallo-batteria-graffetta'],
      out,
    );
    expect(code).toBe(0);
    expect(out.lines.join('\n')).toContain('Creato primo.admin@comune.example.it (admin)');
    const u = await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'primo.admin@comune.example.it' } });
    expect(u).toMatchObject({ role: 'ADMIN', name: 'Primo Admin', disabled: false, totpEnabled: false });
    expect(u.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(u.passwordHash, 'cavallo-batteria-graffetta')).toBe(true);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user_create', target: u.id } });
    expect(audit.actorEmail).toBe('system:cli');
  });

  it('makes the password temporary (changed at first login, 72 h) unless --permanent', async () => {
    const out = io();
    expect(await run('user:create', ['--email', 'collega@comune.example.it', '--role', 'editor', '--password', 'cavallo-batteria-graffetta'], out)).toBe(0);
    expect(out.lines).toContain('La password è temporanea: va cambiata al primo accesso e scade dopo 72 ore.');
    const temp = await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'collega@comune.example.it' } });
    expect(temp.passwordExpiresAt!.getTime() - ctx.now().getTime()).toBe(TEMPORARY_PASSWORD_MS);
    const own = await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'primo.admin@comune.example.it' } });
    expect(own.passwordExpiresAt).not.toBeNull();
    expect(await run('user:create', ['--email', 'mia@comune.example.it', '--role', 'viewer', '--password', 'cavallo-batteria-graffetta', '--permanent'])).toBe(
      0,
    );
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'mia@comune.example.it' } })).passwordExpiresAt).toBeNull();
  });

  it('prompts for the password (twice) when it is not given', async () => {
    const code = await run('user:create', ['--email=redazione@comune.example.it', '--role=editor'], io(['una-password-robusta', 'una-password-robusta']));
    expect(code).toBe(0);
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'redazione@comune.example.it' } })).role).toBe('EDITOR');
    const mismatch = io(['una-password-robusta', 'diversa-diversa-diversa']);
    expect(await run('user:create', ['--email', 'altro@comune.example.it', '--role', 'viewer'], mismatch)).toBe(1);
    expect(mismatch.lines).toContain('Le due password non coincidono.');
  });

  it('refuses weak passwords, bad roles, duplicates and missing options', async () => {
    const weak = io();
    expect(await run('user:create', ['--email', 'debole@comune.example.it', '--role', 'viewer', '--password', 'corta'], weak)).toBe(1);
    expect(weak.lines.join()).toContain('almeno 12 caratteri');
    expect(await run('user:create', ['--email', 'x@comune.example.it', '--role', 'boss', '--password', 'cavallo-batteria-graffetta'])).toBe(2);
    expect(await run('user:create', ['--role', 'admin'])).toBe(2);
    const dup = io();
    expect(await run('user:create', ['--email', 'primo.admin@comune.example.it', '--role', 'viewer', '--password', 'cavallo-batteria-graffetta'], dup)).toBe(1);
    expect(dup.lines.join()).toContain('Esiste già un utente con questa email.');
    expect(await ctx.db.staffUser.count({ where: { email: { in: ['debole@comune.example.it', 'x@comune.example.it'] } } })).toBe(0);
  });

  it('refuses unknown options, missing values and stray arguments with exit code 2, creating nobody', async () => {
    const unknown = io();
    expect(
      await run(
        'user:create',
        ['--email', 'opz@comune.example.it', '--role', 'viewer', '--password', 'cavallo-batteria-graffetta', '--ruolo', 'admin'],
        unknown,
      ),
    ).toBe(2);
    expect(unknown.lines).toEqual(['Opzione sconosciuta: --ruolo.', expect.stringContaining('Uso: user:create')]);
    const missing = io();
    expect(await run('user:create', ['--role', 'viewer', '--email'], missing)).toBe(2);
    expect(missing.lines[0]).toContain('Manca il valore di --email');
    const stray = io();
    expect(await run('user:disable', ['opz@comune.example.it'], stray)).toBe(2);
    expect(stray.lines[0]).toBe('Argomento inatteso: opz@comune.example.it (le opzioni si scrivono --nome valore).');
    expect(await ctx.db.staffUser.count({ where: { email: 'opz@comune.example.it' } })).toBe(0);
  });
});

describe('user:disable and user:reset-totp', () => {
  it('refuses to disable the last active admin, like the dashboard', async () => {
    const admins = await ctx.db.staffUser.findMany({ where: { role: 'ADMIN', disabled: false }, select: { email: true } });
    expect(admins.map((a) => a.email)).toEqual(['primo.admin@comune.example.it']);
    const out = io();
    expect(await run('user:disable', ['--email', 'primo.admin@comune.example.it'], out)).toBe(1);
    expect(out.lines).toEqual(['Errore: Deve restare almeno un amministratore attivo.']);
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'primo.admin@comune.example.it' } })).disabled).toBe(false);
    expect(await ctx.db.auditLog.count({ where: { action: 'user_disable' } })).toBe(0);
  });

  it('disables a user and ends their sessions; resets TOTP', async () => {
    await run('user:create', ['--email', 'temp@comune.example.it', '--role', 'editor', '--password', 'cavallo-batteria-graffetta']);
    const before = await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'temp@comune.example.it' } });
    await ctx.db.staffUser.update({ where: { id: before.id }, data: { totpEnabled: true, totpSecretEnc: ctx.cipher.encrypt('JBSWY3DPEHPK3PXP') } });

    expect(await run('user:reset-totp', ['--email', 'temp@comune.example.it'])).toBe(0);
    let u = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: before.id } });
    expect(u).toMatchObject({ totpEnabled: false, totpSecretEnc: null });

    expect(await run('user:disable', ['--email', 'temp@comune.example.it'])).toBe(0);
    u = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: before.id } });
    expect(u.disabled).toBe(true);
    expect(u.sessionVersion).toBe(before.sessionVersion + 2);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user_disable', target: before.id } });
    expect(audit).toMatchObject({ actorEmail: 'system:cli', details: { email: 'temp@comune.example.it' } });

    const missing = io();
    expect(await run('user:disable', ['--email', 'nessuno@comune.example.it'], missing)).toBe(1);
    expect(missing.lines).toEqual(['Nessun utente con email nessuno@comune.example.it.']);
  });
});

describe('user:reset-password', () => {
  it('sets a temporary password, prints it once, ends the sessions and audits it', async () => {
    const u = await makeStaff(ctx, { email: 'smemorata@comune.example.it' });
    const login = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: '192.0.2.40' });
    if (!login.ok) throw new Error('login failed');
    const claims = { sub: login.userId, sid: login.sessionId, sv: login.sessionVersion };
    expect((await checkSession(ctx, claims)).ok).toBe(true);

    const out = io();
    expect(await run('user:reset-password', ['--email', 'Smemorata@Comune.example.it'], out)).toBe(0);
    expect(out.lines).toHaveLength(3);
    expect(out.lines[0]).toBe('Nuova password temporanea per smemorata@comune.example.it (non sarà più mostrata):');
    const temporary = out.lines[1]!.trim();
    expect(out.lines[2]).toContain('va cambiata al primo accesso e scade dopo 72 ore');

    const row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword(row.passwordHash, temporary)).toBe(true);
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(false);
    expect(row.passwordExpiresAt!.getTime() - ctx.now().getTime()).toBe(TEMPORARY_PASSWORD_MS);
    // The open session is over: its row is ended and its version is stale.
    expect(await checkSession(ctx, claims)).toEqual({ ok: false, problem: 'ended' });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user_update', target: u.id } });
    expect(audit).toMatchObject({ actorEmail: 'system:cli', details: { email: u.email, field: 'password', to: 'reset' } });
    // Never written anywhere but the terminal.
    expect(JSON.stringify(audit.details)).not.toContain(temporary);

    // The new password opens a session that must change it first.
    const next = await loginWithPassword(ctx, { email: u.email, password: temporary, ip: '192.0.2.40' });
    if (!next.ok) throw new Error('login with the temporary password failed');
    const session = await checkSession(ctx, { sub: next.userId, sid: next.sessionId, sv: next.sessionVersion });
    expect(session).toMatchObject({ ok: true, session: { passwordChangeRequired: true } });
  });

  it('refuses an unknown email, a missing one and stray arguments, changing nothing', async () => {
    const missing = io();
    expect(await run('user:reset-password', ['--email', 'nessuno@comune.example.it'], missing)).toBe(1);
    expect(missing.lines).toEqual(['Nessun utente con email nessuno@comune.example.it.']);
    expect(await run('user:reset-password', [])).toBe(1);
    const stray = io();
    expect(await run('user:reset-password', ['smemorata@comune.example.it'], stray)).toBe(2);
    expect(stray.lines[1]).toBe('Uso: user:reset-password --email nome@comune.it');
    expect(await ctx.db.auditLog.count({ where: { action: 'user_update', details: { path: ['field'], equals: 'password' } } })).toBe(1);
  });
});
