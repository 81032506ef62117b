import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { createTestContext, type TestContext } from '../testing/test-context';
import { decideOidcLogin, loginWithOidc } from './oidc';
import { makeStaff } from '../testing/fixtures';

const ISSUER = 'https://login.example.it/realms/comune';

describe('decideOidcLogin (pure)', () => {
  const user = { id: 'u1', email: 'anna@comune.example.it', disabled: false, oidcIssuer: null, oidcSubject: null };
  const bound = { ...user, oidcIssuer: ISSUER, oidcSubject: 'sub-anna' };
  const first = (claims: object, u: typeof user | null = user) => decideOidcLogin({ sub: 'sub-anna', ...claims }, { bound: null, byEmail: u });
  it('binds an existing, enabled user found by a verified email, case-insensitively', () => {
    expect(first({ email: ' Anna@Comune.Example.IT ', email_verified: true })).toEqual({ ok: true, userId: 'u1', bind: true });
  });
  it('lets a bound identity in by issuer + subject, whatever the email now says', () => {
    expect(decideOidcLogin({ sub: 'sub-anna', email: 'anna.nuova@comune.example.it' }, { bound, byEmail: null })).toEqual({
      ok: true,
      userId: 'u1',
      bind: false,
    });
    expect(decideOidcLogin({ sub: 'sub-anna' }, { bound: { ...bound, disabled: true }, byEmail: null })).toEqual({ ok: false, reason: 'disabled' });
  });
  it.each([
    [{ email: 'anna@comune.example.it' }, 'email_unverified'],
    [{ email: 'anna@comune.example.it', email_verified: false }, 'email_unverified'],
    [{ email: 'anna@comune.example.it', email_verified: 'true' }, 'email_unverified'],
    [{}, 'no_email'],
    [{ email: 42, email_verified: true }, 'no_email'],
  ])('refuses a first login with %o (%s)', (claims, reason) => {
    expect(first(claims)).toEqual({ ok: false, reason });
  });
  it('refuses no subject, unknown users, disabled users and a second identity for a bound user', () => {
    expect(decideOidcLogin({ email: 'anna@comune.example.it', email_verified: true }, { bound: null, byEmail: user })).toEqual({
      ok: false,
      reason: 'no_subject',
    });
    expect(first({ email: 'nuovo@comune.example.it', email_verified: true }, null)).toEqual({ ok: false, reason: 'unknown_user' });
    expect(first({ email: 'altro@comune.example.it', email_verified: true })).toEqual({ ok: false, reason: 'unknown_user' });
    expect(first({ email: 'anna@comune.example.it', email_verified: true }, { ...user, disabled: true })).toEqual({ ok: false, reason: 'disabled' });
    expect(decideOidcLogin({ sub: 'sub-intruso', email: 'anna@comune.example.it', email_verified: true }, { bound: null, byEmail: bound })).toEqual({
      ok: false,
      reason: 'subject_mismatch',
    });
  });
});

describe('loginWithOidc', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => ctx.close());

  const lastFailure = async () => (await ctx.db.auditLog.findFirst({ where: { action: 'login_failed' }, orderBy: { id: 'desc' } }))?.details;

  it('binds issuer + subject at the first login (verified email), then matches the binding, never creating accounts', async () => {
    const u = await makeStaff(ctx, { email: 'sso@comune.example.it', role: 'VIEWER' });
    const r = await loginWithOidc(ctx, { iss: ISSUER, sub: 'sub-sso', email: 'SSO@comune.example.it', email_verified: true }, '192.0.2.1', ISSUER);
    expect(r).toMatchObject({ ok: true, userId: u.id });
    if (!r.ok) return;
    expect((await ctx.db.staffSession.findUniqueOrThrow({ where: { id: r.sessionId } })).method).toBe('OIDC');
    expect(await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: 'sub-sso' });

    // Later: the binding decides (the email may change at the provider, even be unverified).
    expect(await loginWithOidc(ctx, { iss: ISSUER, sub: 'sub-sso', email: 'cambiata@comune.example.it' }, null, ISSUER)).toMatchObject({
      ok: true,
      userId: u.id,
    });
    // Another identity with the same (verified) email is someone else.
    expect(await loginWithOidc(ctx, { iss: ISSUER, sub: 'sub-altro', email: 'sso@comune.example.it', email_verified: true }, null, ISSUER)).toEqual({
      ok: false,
      reason: 'subject_mismatch',
    });
    expect(await lastFailure()).toEqual({ reason: 'subject_mismatch', method: 'oidc' });
    // The same subject at another issuer is another identity too.
    expect(
      await loginWithOidc(ctx, { iss: 'https://altro.example.it', sub: 'sub-sso', email: 'sso@comune.example.it', email_verified: true }, null, ISSUER),
    ).toEqual({
      ok: false,
      reason: 'subject_mismatch',
    });

    const before = await ctx.db.staffUser.count();
    expect(await loginWithOidc(ctx, { iss: ISSUER, sub: 'x', email: 'sconosciuto@comune.example.it', email_verified: true }, null, ISSUER)).toEqual({
      ok: false,
      reason: 'unknown_user',
    });
    expect(await ctx.db.staffUser.count()).toBe(before);
    expect(await lastFailure()).toEqual({ reason: 'unknown_user', method: 'oidc' });
  });

  it('refuses a first login whose email is not verified, binding nothing', async () => {
    const u = await makeStaff(ctx, { email: 'nonverificata@comune.example.it' });
    for (const claims of [{}, { email_verified: false }, { email_verified: 'true' }]) {
      expect(await loginWithOidc(ctx, { iss: ISSUER, sub: 'sub-nv', email: 'nonverificata@comune.example.it', ...claims }, null, ISSUER)).toEqual({
        ok: false,
        reason: 'email_unverified',
      });
    }
    expect(await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ oidcIssuer: null, oidcSubject: null });
    expect(await ctx.db.staffSession.count({ where: { staffUserId: u.id } })).toBe(0);
  });

  it('refuses a disabled user; uses the configured issuer when the claims carry none', async () => {
    await makeStaff(ctx, { email: 'spento@comune.example.it', disabled: true });
    expect(await loginWithOidc(ctx, { sub: 's1', email: 'spento@comune.example.it', email_verified: true }, null, ISSUER)).toEqual({
      ok: false,
      reason: 'disabled',
    });
    const u = await makeStaff(ctx, { email: 'senza-iss@comune.example.it' });
    expect(await loginWithOidc(ctx, { sub: 's2', email: 'senza-iss@comune.example.it', email_verified: true }, null, ISSUER)).toMatchObject({ ok: true });
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).oidcIssuer).toBe(ISSUER);
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
