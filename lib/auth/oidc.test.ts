import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { createTestContext, type TestContext } from '../testing/test-context';
import { decideOidcLogin, loginWithOidc } from './oidc';
import { makeStaff } from '../testing/fixtures';
import { clearStaffOidcBinding } from './clear-oidc-binding';
import { getStaffUser } from './list-staff-users';
import { checkSession, type StaffActor } from './session-check';

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

describe('clearStaffOidcBinding', () => {
  let ctx: TestContext;
  let admin: StaffActor;
  beforeAll(async () => {
    ctx = await createTestContext();
    const a = await makeStaff(ctx, { email: 'capo@comune.example.it', role: 'ADMIN' });
    admin = { kind: 'staff', id: a.id, email: a.email, name: 'Capo', role: 'ADMIN' };
  });
  afterAll(async () => ctx.close());

  const sso = (sub: string) => loginWithOidc(ctx, { iss: ISSUER, sub, email: 'migrata@comune.example.it', email_verified: true }, null, ISSUER);

  it('lets an admin move a user to a replaced identity-provider account: sessions end, audited, the next login binds', async () => {
    const u = await makeStaff(ctx, { email: 'migrata@comune.example.it' });
    const old = await sso('sub-vecchio');
    if (!old.ok) throw new Error('first OIDC login failed');
    // The provider replaced the account: the new identity is refused while the old binding stands.
    expect(await sso('sub-nuovo')).toEqual({ ok: false, reason: 'subject_mismatch' });
    // What the user's page shows (and offers to clear).
    expect(await getStaffUser(ctx, { actor: admin, id: u.id })).toMatchObject({ oidcIssuer: ISSUER });

    expect(await clearStaffOidcBinding(ctx, { actor: admin, userId: u.id })).toEqual({ email: u.email });
    expect(await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ oidcIssuer: null, oidcSubject: null });
    expect(await getStaffUser(ctx, { actor: admin, id: u.id })).toMatchObject({ oidcIssuer: null });
    expect(await checkSession(ctx, { sub: old.userId, sid: old.sessionId, sv: old.sessionVersion })).toEqual({ ok: false, problem: 'ended' });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user_update', target: u.id } });
    expect(audit).toMatchObject({
      actorEmail: admin.email,
      details: { email: u.email, field: 'oidc', to: 'cleared', issuer: ISSUER, subject: 'sub-vecchio' },
    });

    expect(await sso('sub-nuovo')).toMatchObject({ ok: true, userId: u.id });
    expect(await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ oidcIssuer: ISSUER, oidcSubject: 'sub-nuovo' });
    // And the old identity is now the stranger.
    expect(await sso('sub-vecchio')).toEqual({ ok: false, reason: 'subject_mismatch' });
  });

  it('is for admins only, and refuses a user with nothing to clear or an unknown one', async () => {
    const u = await makeStaff(ctx, { email: 'legata@comune.example.it' });
    await ctx.db.staffUser.update({ where: { id: u.id }, data: { oidcIssuer: ISSUER, oidcSubject: 'sub-legata' } });
    for (const role of ['EDITOR', 'VIEWER'] as const) {
      await expect(clearStaffOidcBinding(ctx, { actor: { ...admin, role }, userId: u.id })).rejects.toMatchObject({ code: 'forbidden' });
    }
    expect(await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ oidcSubject: 'sub-legata' });

    const plain = await makeStaff(ctx, { email: 'slegata@comune.example.it' });
    const versionBefore = (await ctx.db.staffUser.findUniqueOrThrow({ where: { id: plain.id } })).sessionVersion;
    await expect(clearStaffOidcBinding(ctx, { actor: admin, userId: plain.id })).rejects.toMatchObject({
      code: 'conflict',
      userMessage: 'L’utente non è collegato a un account di accesso unico.',
    });
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: plain.id } })).sessionVersion).toBe(versionBefore);
    await expect(clearStaffOidcBinding(ctx, { actor: admin, userId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'not_found' });
    expect(await ctx.db.auditLog.count({ where: { action: 'user_update', target: { in: [u.id, plain.id] } } })).toBe(0);
  });

  it('clears once when two admins click together', async () => {
    const u = await makeStaff(ctx, { email: 'doppia@comune.example.it' });
    await ctx.db.staffUser.update({ where: { id: u.id }, data: { oidcIssuer: ISSUER, oidcSubject: 'sub-doppia' } });
    const results = await Promise.allSettled([1, 2, 3].map(() => clearStaffOidcBinding(ctx, { actor: admin, userId: u.id })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'conflict' });
    expect(await ctx.db.auditLog.count({ where: { action: 'user_update', target: u.id } })).toBe(1);
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
