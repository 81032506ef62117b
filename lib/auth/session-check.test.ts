import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { changeStaffRole } from './change-staff-role';
import { changeOwnPassword } from './change-own-password';
import { loginWithPassword } from './login-password';
import { logoutStaff } from './logout';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './policy';
import { authoriseStaff, checkSession } from './session-check';
import type { SessionClaims } from './session-token';
import { setStaffDisabled } from './set-staff-disabled';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { totpCodeAt } from './totp';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let n = 0;
/** Admins have TOTP (mandatory for them by default) unless `withoutTotp`. */
async function signIn(role: 'ADMIN' | 'EDITOR' | 'VIEWER' = 'EDITOR', opts: { withoutTotp?: boolean; temporary?: boolean } = {}) {
  const totp = role === 'ADMIN' && !opts.withoutTotp;
  const u = await makeStaff(ctx, { email: `utente${++n}@comune.example.it`, role, temporary: opts.temporary, ...(totp ? { totpSecret: SECRET } : {}) });
  const r = await loginWithPassword(ctx, {
    email: u.email,
    password: TEST_PASSWORD,
    ip: `192.0.2.${n}`,
    ...(totp ? { code: totpCodeAt(SECRET, ctx.now()) } : {}),
  });
  if (!r.ok) throw new Error('login failed');
  return { userId: u.id, claims: { sub: r.userId, sid: r.sessionId, sv: r.sessionVersion } satisfies SessionClaims };
}

const admin = async () => {
  const a = await signIn('ADMIN');
  return (await authoriseStaff(ctx, a.claims, 'ADMIN')).actor;
};

describe('checkSession', () => {
  it('accepts a fresh session and returns the actor from the database', async () => {
    const s = await signIn('VIEWER');
    const r = await checkSession(ctx, s.claims);
    expect(r).toMatchObject({ ok: true, session: { actor: { kind: 'staff', id: s.userId, role: 'VIEWER' }, method: 'PASSWORD', totpSetupRequired: false } });
  });

  it('refuses no claims, an unknown session and a session of someone else', async () => {
    const s = await signIn();
    const other = await signIn();
    expect(await checkSession(ctx, null)).toEqual({ ok: false, problem: 'missing' });
    expect(await checkSession(ctx, { ...s.claims, sid: '00000000-0000-4000-8000-000000000000' })).toEqual({ ok: false, problem: 'unknown' });
    expect(await checkSession(ctx, { ...s.claims, sid: other.claims.sid })).toEqual({ ok: false, problem: 'unknown' });
  });

  it('ends after 30 idle minutes, but activity keeps it alive until the absolute limit', async () => {
    const s = await signIn();
    ctx.clock.advance(SESSION_IDLE_MS - 1000);
    expect((await checkSession(ctx, s.claims)).ok).toBe(true);
    ctx.clock.advance(SESSION_IDLE_MS - 1000);
    expect((await checkSession(ctx, s.claims)).ok).toBe(true);
    ctx.clock.advance(SESSION_IDLE_MS);
    expect(await checkSession(ctx, s.claims)).toEqual({ ok: false, problem: 'idle' });

    const busy = await signIn();
    for (let t = 0; t < SESSION_ABSOLUTE_MS - 20 * 60_000; t += 20 * 60_000) {
      ctx.clock.advance(20 * 60_000);
      expect((await checkSession(ctx, busy.claims)).ok).toBe(true);
    }
    ctx.clock.advance(20 * 60_000);
    expect(await checkSession(ctx, busy.claims)).toEqual({ ok: false, problem: 'expired' });
  });

  it('ends every session of a user on logout, password change, role change and disabling', async () => {
    const a = await admin();

    const out = await signIn();
    await logoutStaff(ctx, { actor: (await authoriseStaff(ctx, out.claims)).actor, ip: null });
    expect((await checkSession(ctx, out.claims)).ok).toBe(false);
    expect(await ctx.db.auditLog.findFirst({ where: { action: 'logout', actorId: out.userId } })).not.toBeNull();

    const pw = await signIn();
    const actor = (await authoriseStaff(ctx, pw.claims)).actor;
    const elsewhere = await loginWithPassword(ctx, { email: actor.email, password: TEST_PASSWORD, ip: '192.0.2.200' });
    if (!elsewhere.ok) throw new Error('login failed');
    const input = { current: TEST_PASSWORD, next: 'un-altra-password-lunga', confirm: 'un-altra-password-lunga' };
    const { sessionVersion } = await changeOwnPassword(ctx, { actor, ...input, sessionId: pw.claims.sid });
    expect(sessionVersion).toBe(pw.claims.sv + 1);
    expect(await checkSession(ctx, { sub: pw.userId, sid: elsewhere.sessionId, sv: sessionVersion })).toEqual({ ok: false, problem: 'ended' });
    expect(await checkSession(ctx, pw.claims)).toEqual({ ok: false, problem: 'version' });
    // This browser continues with a cookie re-issued for the new version.
    expect((await checkSession(ctx, { ...pw.claims, sv: sessionVersion })).ok).toBe(true);

    const role = await signIn('EDITOR');
    await changeStaffRole(ctx, { actor: a, userId: role.userId, role: 'VIEWER' });
    expect((await checkSession(ctx, role.claims)).ok).toBe(false);

    const dis = await signIn();
    await setStaffDisabled(ctx, { actor: a, userId: dis.userId, disabled: true });
    expect((await checkSession(ctx, dis.claims)).ok).toBe(false);
    // Even a session row that was somehow left open is refused for a disabled user or a stale version.
    await ctx.db.staffSession.update({ where: { id: dis.claims.sid }, data: { endedAt: null } });
    expect(await checkSession(ctx, dis.claims)).toEqual({ ok: false, problem: 'disabled' });
    await setStaffDisabled(ctx, { actor: a, userId: dis.userId, disabled: false });
    expect(await checkSession(ctx, dis.claims)).toEqual({ ok: false, problem: 'version' });
  });
});

describe('authoriseStaff', () => {
  const code = async (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: AppError) => e.code,
    );

  it('checks the role against the database, not the cookie', async () => {
    const s = await signIn('EDITOR');
    expect(await code(authoriseStaff(ctx, s.claims, 'EDITOR'))).toBe('ok');
    expect(await code(authoriseStaff(ctx, s.claims, 'ADMIN'))).toBe('forbidden');
    expect(await code(authoriseStaff(ctx, null, 'VIEWER'))).toBe('unauthenticated');
  });

  it('sends password users without TOTP to the set-up when an admin makes it mandatory', async () => {
    const s = await signIn('EDITOR');
    await setSetting(ctx.db, 'totpRequired', true);
    try {
      await expect(authoriseStaff(ctx, s.claims, 'VIEWER')).rejects.toMatchObject({ code: 'forbidden', details: { totpSetupRequired: true } });
      expect((await authoriseStaff(ctx, s.claims, 'EDITOR', { allowTotpSetup: true })).totpSetupRequired).toBe(true);
      await ctx.db.staffUser.update({ where: { id: s.userId }, data: { totpEnabled: true } });
      expect(await code(authoriseStaff(ctx, s.claims, 'EDITOR'))).toBe('ok');
    } finally {
      await setSetting(ctx.db, 'totpRequired', false);
    }
  });
});

describe('TOTP mandatory for admins (adminTotpRequired, on by default)', () => {
  it('sends an admin without TOTP to the set-up before anything else, server-side', async () => {
    const s = await signIn('ADMIN', { withoutTotp: true });
    const r = await checkSession(ctx, s.claims);
    expect(r).toMatchObject({ ok: true, session: { totpSetupRequired: true } });
    await expect(authoriseStaff(ctx, s.claims, 'VIEWER')).rejects.toMatchObject({ code: 'forbidden', details: { totpSetupRequired: true } });
    await expect(authoriseStaff(ctx, s.claims, 'ADMIN')).rejects.toMatchObject({ code: 'forbidden', details: { totpSetupRequired: true } });
    expect((await authoriseStaff(ctx, s.claims, 'ADMIN', { allowTotpSetup: true })).actor.role).toBe('ADMIN');
    // An editor without TOTP is not concerned.
    const e = await signIn('EDITOR');
    expect((await authoriseStaff(ctx, e.claims, 'EDITOR')).totpSetupRequired).toBe(false);
  });

  it('can be relaxed by the setting (the settings page then warns)', async () => {
    const s = await signIn('ADMIN', { withoutTotp: true });
    await setSetting(ctx.db, 'adminTotpRequired', false);
    try {
      expect((await authoriseStaff(ctx, s.claims, 'ADMIN')).totpSetupRequired).toBe(false);
    } finally {
      await setSetting(ctx.db, 'adminTotpRequired', true);
    }
    await expect(authoriseStaff(ctx, s.claims, 'ADMIN')).rejects.toMatchObject({ details: { totpSetupRequired: true } });
  });
});

describe('temporary passwords', () => {
  it('force a change before anything else (before the TOTP set-up too), then stop being temporary', async () => {
    const s = await signIn('ADMIN', { withoutTotp: true, temporary: true });
    await expect(authoriseStaff(ctx, s.claims, 'VIEWER')).rejects.toMatchObject({ code: 'forbidden', details: { passwordChangeRequired: true } });
    // The TOTP set-up page is not the way out: the password comes first.
    await expect(authoriseStaff(ctx, s.claims, 'VIEWER', { allowTotpSetup: true })).rejects.toMatchObject({ details: { passwordChangeRequired: true } });
    const session = await authoriseStaff(ctx, s.claims, 'VIEWER', { allowPasswordChange: true });
    expect(session).toMatchObject({ passwordChangeRequired: true, totpSetupRequired: true });
    const { sessionVersion } = await changeOwnPassword(ctx, {
      actor: session.actor,
      sessionId: s.claims.sid,
      current: TEST_PASSWORD,
      next: 'la-mia-password-nuova',
      confirm: 'la-mia-password-nuova',
    });
    const claims = { ...s.claims, sv: sessionVersion };
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: s.userId } })).passwordExpiresAt).toBeNull();
    // Now the admin's TOTP set-up is what remains.
    await expect(authoriseStaff(ctx, claims, 'VIEWER')).rejects.toMatchObject({ details: { totpSetupRequired: true } });
    expect((await authoriseStaff(ctx, claims, 'VIEWER', { allowTotpSetup: true })).passwordChangeRequired).toBe(false);
  });
});
