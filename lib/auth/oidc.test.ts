import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { createTestContext, type TestContext } from '../testing/test-context';
import { decideOidcLogin, loginWithOidc } from './oidc';
import { makeStaff } from '../testing/fixtures';

describe('decideOidcLogin (pure)', () => {
  const user = { email: 'anna@comune.example.it', disabled: false };
  it('maps an existing, enabled user by email, case-insensitively', () => {
    expect(decideOidcLogin({ email: ' Anna@Comune.Example.IT ', email_verified: true }, user)).toEqual({ ok: true, email: 'anna@comune.example.it' });
  });
  it('accepts a provider that does not say whether the email is verified', () => {
    expect(decideOidcLogin({ email: 'anna@comune.example.it' }, user).ok).toBe(true);
  });
  it.each([
    [{}, user, 'no_email'],
    [{ email: 42 }, user, 'no_email'],
    [{ email: 'anna@comune.example.it', email_verified: false }, user, 'email_unverified'],
    [{ email: 'anna@comune.example.it', email_verified: 'false' }, user, 'email_unverified'],
    [{ email: 'nuovo@comune.example.it' }, null, 'unknown_user'],
    [{ email: 'altro@comune.example.it' }, user, 'unknown_user'],
    [{ email: 'anna@comune.example.it' }, { ...user, disabled: true }, 'disabled'],
  ])('refuses %o (%s)', (claims, u, reason) => {
    expect(decideOidcLogin(claims, u)).toEqual({ ok: false, reason });
  });
});

describe('loginWithOidc', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  it('opens an OIDC session for an existing user and never creates accounts', async () => {
    const u = await makeStaff(ctx, { email: 'sso@comune.example.it', role: 'VIEWER' });
    const r = await loginWithOidc(ctx, { email: 'SSO@comune.example.it', email_verified: true }, '192.0.2.1');
    expect(r).toMatchObject({ ok: true, userId: u.id });
    if (!r.ok) return;
    expect((await ctx.db.staffSession.findUniqueOrThrow({ where: { id: r.sessionId } })).method).toBe('OIDC');

    const before = await ctx.db.staffUser.count();
    expect(await loginWithOidc(ctx, { email: 'sconosciuto@comune.example.it' }, null)).toEqual({ ok: false, reason: 'unknown_user' });
    expect(await ctx.db.staffUser.count()).toBe(before);
    const failed = await ctx.db.auditLog.findFirst({ where: { action: 'login_failed' }, orderBy: { id: 'desc' } });
    expect(failed?.details).toEqual({ reason: 'unknown_user', method: 'oidc' });
  });

  it('refuses a disabled user', async () => {
    await makeStaff(ctx, { email: 'spento@comune.example.it', disabled: true });
    expect(await loginWithOidc(ctx, { email: 'spento@comune.example.it' }, null)).toEqual({ ok: false, reason: 'disabled' });
  });
});

describe('OIDC configuration', () => {
  const base = {
    DATABASE_URL: 'postgres://x/y',
    DEMO_MODE: 'true',
    DATA_ENCRYPTION_KEY: 'a'.repeat(64),
    AUTH_SECRET: 's'.repeat(40),
    WHATSAPP_APP_SECRET: 'a',
    WHATSAPP_VERIFY_TOKEN: 'v',
  };
  it('is off when unset and complete when all three are set', () => {
    expect(parseEnv(base).oidc).toBeNull();
    const env = parseEnv({ ...base, OIDC_ISSUER: 'https://login.example.it/realms/comune/', OIDC_CLIENT_ID: 'banditore', OIDC_CLIENT_SECRET: 'shh' });
    expect(env.oidc).toEqual({
      issuer: 'https://login.example.it/realms/comune',
      clientId: 'banditore',
      clientSecret: 'shh',
      name: 'accesso unico del Comune',
    });
  });
  it('refuses a partial configuration', () => {
    expect(() => parseEnv({ ...base, OIDC_ISSUER: 'https://login.example.it' })).toThrow(/OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together/);
    expect(() => parseEnv({ ...base, OIDC_NAME: 'SSO' })).toThrow(/go together/);
  });
});
