import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { changeStaffRole } from './change-staff-role';
import { createStaffUser } from './create-staff-user';
import { listStaffUsers } from './list-staff-users';
import { loginWithPassword } from './login-password';
import { confirmTotpSetup, disableOwnTotp, getTotpState, startTotpSetup } from './own-totp';
import { verifyPassword } from './password';
import { resetStaffPassword, resetStaffTotp } from './reset-staff-credentials';
import type { StaffActor } from './session-check';
import { setStaffDisabled } from './set-staff-disabled';
import { getOwnPhoneMasked, getStaffPhone, setOwnPhone } from './staff-phone';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { totpCodeAt } from './totp';
import { setSetting } from '../settings/store';
import { TEMPORARY_PASSWORD_MS } from './policy';

let ctx: TestContext;
let admin: StaffActor;
beforeAll(async () => {
  ctx = await createTestContext();
  const a = await makeStaff(ctx, { email: 'admin@comune.example.it', role: 'ADMIN', name: 'Admin' });
  admin = { kind: 'staff', id: a.id, email: a.email, name: 'Admin', role: 'ADMIN' };
});
afterAll(async () => ctx.close());

const actorOf = async (email: string): Promise<StaffActor> => {
  const u = await ctx.db.staffUser.findUniqueOrThrow({ where: { email } });
  return { kind: 'staff', id: u.id, email: u.email, name: u.name, role: u.role };
};

describe('staff management by an admin', () => {
  it('creates a user with a temporary password shown once, usable to log in', async () => {
    const r = await createStaffUser(ctx, { actor: admin, input: { email: 'nuova@comune.example.it', name: 'Nuova', role: 'VIEWER' } });
    expect(r.temporaryPassword).toMatch(/^[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){3}$/);
    const row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: r.id } });
    expect(row.passwordHash).not.toContain(r.temporaryPassword!);
    expect((await loginWithPassword(ctx, { email: 'nuova@comune.example.it', password: r.temporaryPassword!, ip: '192.0.2.50' })).ok).toBe(true);
    // Temporary: to be changed at the first login, and refused after TEMPORARY_PASSWORD_MS.
    expect(row.passwordExpiresAt!.getTime() - ctx.now().getTime()).toBe(TEMPORARY_PASSWORD_MS);
    const set = await createStaffUser(ctx, { actor: admin, input: { email: 'scelta@comune.example.it', role: 'EDITOR', password: 'giardino-fiorito-42' } });
    expect(set.temporaryPassword).toBeNull();
  });

  it('refuses non-admins and invalid input with field errors', async () => {
    const editor: StaffActor = { ...admin, id: '00000000-0000-4000-8000-000000000009', role: 'EDITOR' };
    await expect(createStaffUser(ctx, { actor: editor, input: { email: 'x@comune.example.it', role: 'VIEWER' } })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(createStaffUser(ctx, { actor: admin, input: { email: 'non-una-email', role: 'VIEWER' } })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { email: ['Scrivi un indirizzo email valido.'] } },
    });
    await expect(listStaffUsers(ctx, { actor: editor })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps at least one active admin and never lets an admin demote or disable themselves', async () => {
    await expect(changeStaffRole(ctx, { actor: admin, userId: admin.id, role: 'EDITOR' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(setStaffDisabled(ctx, { actor: admin, userId: admin.id, disabled: true })).rejects.toMatchObject({ code: 'conflict' });
    const second = await createStaffUser(ctx, { actor: admin, input: { email: 'vice@comune.example.it', role: 'ADMIN', password: 'montagna-azzurra-77' } });
    await changeStaffRole(ctx, { actor: admin, userId: second.id, role: 'EDITOR' });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'user_update', target: second.id } });
    expect(audit.details).toMatchObject({ field: 'role', from: 'ADMIN', to: 'EDITOR' });
    const list = await listStaffUsers(ctx, { actor: admin });
    expect(list.find((u) => u.id === second.id)?.role).toBe('EDITOR');
  });

  it('resets a password and a lost authenticator, ending the sessions', async () => {
    const u = await makeStaff(ctx, { email: 'persa@comune.example.it', totpSecret: 'JBSWY3DPEHPK3PXP' });
    const { temporaryPassword } = await resetStaffPassword(ctx, { actor: admin, userId: u.id });
    const row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(await verifyPassword(row.passwordHash, temporaryPassword!)).toBe(true);
    await resetStaffTotp(ctx, { actor: admin, userId: u.id });
    const after = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(after).toMatchObject({ totpEnabled: false, totpSecretEnc: null, sessionVersion: row.sessionVersion + 1 });
  });
});

describe('own profile', () => {
  it('sets up TOTP: start, confirm with a code from the app, then login asks for it', async () => {
    await makeStaff(ctx, { email: 'totp@comune.example.it' });
    const me = await actorOf('totp@comune.example.it');
    await startTotpSetup(ctx, { actor: me });
    const state = await getTotpState(ctx, { actor: me });
    expect(state.enabled).toBe(false);
    expect(state.pending?.qrSvg).toContain('<svg');
    expect(state.pending?.uri).toContain(`secret=${state.pending!.secret}`);
    await expect(confirmTotpSetup(ctx, { actor: me, code: '000000' })).rejects.toMatchObject({ code: 'invalid_input' });
    await confirmTotpSetup(ctx, { actor: me, code: totpCodeAt(state.pending!.secret, ctx.now()) });
    expect((await getTotpState(ctx, { actor: me })).enabled).toBe(true);
    const login = await loginWithPassword(ctx, { email: me.email, password: TEST_PASSWORD, ip: '192.0.2.60' });
    expect(login).toMatchObject({ ok: false, reason: 'code_required' });
  });

  it('switches TOTP off with the password and a current code, unless it is mandatory', async () => {
    const me = await actorOf('totp@comune.example.it');
    const secret = ctx.cipher.decrypt((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: me.id } })).totpSecretEnc!);
    ctx.clock.advance(30_000); // the set-up's code was used: the next step's code
    const code = totpCodeAt(secret, ctx.now());
    const sessionId = 'sessione-profilo-totp';
    await setSetting(ctx.db, 'totpRequired', true);
    await expect(disableOwnTotp(ctx, { actor: me, sessionId, password: TEST_PASSWORD, code })).rejects.toMatchObject({ code: 'forbidden' });
    await setSetting(ctx.db, 'totpRequired', false);
    await expect(disableOwnTotp(ctx, { actor: me, sessionId, password: 'sbagliata-sbagliata', code })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { password: ['La password non è corretta.'] } },
    });
    // The password alone is not enough.
    await expect(disableOwnTotp(ctx, { actor: me, sessionId, password: TEST_PASSWORD, code: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { code: [expect.stringContaining('Codice di verifica non valido')] } },
    });
    expect((await getTotpState(ctx, { actor: me })).enabled).toBe(true);
    await disableOwnTotp(ctx, { actor: me, sessionId, password: TEST_PASSWORD, code });
    expect((await getTotpState(ctx, { actor: me })).enabled).toBe(false);
  });

  it('never lets an admin switch TOTP off while it is mandatory for admins (the default)', async () => {
    await makeStaff(ctx, { email: 'admin-totp@comune.example.it', role: 'ADMIN', totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' });
    const me = await actorOf('admin-totp@comune.example.it');
    const code = totpCodeAt('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', ctx.now());
    await expect(disableOwnTotp(ctx, { actor: me, sessionId: 's', password: TEST_PASSWORD, code })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await getTotpState(ctx, { actor: me })).required).toBe(true);
  });

  it('stores the own phone encrypted, shows it masked, and audits without the number', async () => {
    await makeStaff(ctx, { email: 'telefono@comune.example.it' });
    const me = await actorOf('telefono@comune.example.it');
    await expect(setOwnPhone(ctx, { actor: me, phone: '0438 123' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await setOwnPhone(ctx, { actor: me, phone: '333 123 4567' })).toEqual({ masked: '+39 333 ••• ••67' });
    const row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: me.id } });
    expect(row.phoneEnc).not.toContain('3331234567');
    expect(await getStaffPhone(ctx, me.id)).toBe('+393331234567');
    expect(await getOwnPhoneMasked(ctx, me.id)).toBe('+39 333 ••• ••67');
    const audits = await ctx.db.auditLog.findMany({ where: { target: me.id } });
    expect(JSON.stringify(audits.map((a) => a.details))).not.toContain('1234567');
    await setOwnPhone(ctx, { actor: me, phone: '' });
    expect(await getStaffPhone(ctx, me.id)).toBeNull();
  });
});
