import argon2 from 'argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkQueue, QueueFullError } from '../security/work-queue';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { changeOwnPassword } from './change-own-password';
import { loginWithCode } from './login-code';
import { loginWithPassword } from './login-password';
import { LOGIN_MESSAGES } from './login-result';
import { disableOwnTotp } from './own-totp';
import { argon2Counters, PASSWORD_BUSY_MESSAGE, verifyPassword } from './password';
import { ARGON2_CONCURRENCY, ARGON2_MAX_WAITING, FREE_FAILURES, IP_LIMIT, REAUTH_SESSION_LIMIT, TEMPORARY_PASSWORD_MS, TICKET_CODE_ATTEMPTS } from './policy';
import { resetStaffPassword } from './reset-staff-credentials';
import { authoriseStaff, type StaffActor } from './session-check';
import { totpCodeAt } from './totp';

/**
 * The brakes hold under a burst: every attempt is reserved (counted) before it is verified, so of
 * 50 parallel guesses at most the allowed number reach argon2 or the TOTP check. argon2 work is
 * counted by the password module's own counters; TOTP checks by their audit rows ('bad_code' is
 * written only after a code was actually verified).
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const BURST = 50;
let ipCounter = 0;
const freshIp = () => `198.51.100.${++ipCounter}`;
const verifies = () => argon2Counters().verify;
const burst = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: BURST }, (_, i) => make(i)));
const reasonsOf = async (userId: string) =>
  (await ctx.db.auditLog.findMany({ where: { action: 'login_failed', target: userId } })).map((a) => (a.details as { reason: string }).reason);
const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;
const actorOf = async (id: string): Promise<StaffActor> => {
  const u = await ctx.db.staffUser.findUniqueOrThrow({ where: { id } });
  return { kind: 'staff', id: u.id, email: u.email, name: u.name, role: u.role };
};

describe('password login under a burst', () => {
  it(`verifies at most ${FREE_FAILURES + 1} of ${BURST} parallel wrong passwords for one account (each from another IP)`, async () => {
    const u = await makeStaff(ctx, { email: 'bersaglio@comune.example.it' });
    const before = verifies();
    const results = await burst(() => loginWithPassword(ctx, { email: u.email, password: 'indovina-indovina', ip: freshIp() }));
    expect(verifies() - before).toBe(FREE_FAILURES + 1);
    for (const r of results) expect(r).toEqual({ ok: false, reason: 'invalid', message: LOGIN_MESSAGES.invalid });
    const row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.failedLogins).toBe(FREE_FAILURES + 1);
    expect(row.lockedUntil!.getTime() - ctx.now().getTime()).toBe(30_000);
    const reasons = await reasonsOf(u.id);
    expect(count(reasons, 'waiting')).toBe(BURST - FREE_FAILURES - 1);
    // The right password now waits too (from a network never used by this user).
    expect(await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() })).toMatchObject({ ok: false, reason: 'invalid' });
    ctx.clock.advance(30_000);
    expect((await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() })).ok).toBe(true);
  });

  it(`lets at most ${IP_LIMIT.limit} attempts of one IP through, whatever the accounts`, async () => {
    const ip = freshIp();
    const before = verifies();
    const results = await burst((i) => loginWithPassword(ctx, { email: `nessuno${i}@comune.example.it`, password: 'indovina-indovina', ip }));
    expect(results.filter((r) => !r.ok && r.reason === 'rate_limited')).toHaveLength(BURST - IP_LIMIT.limit);
    // Unknown emails spend a real argon2 check (timing), but only for reserved attempts; some of
    // those may even have found the argon2 queue full.
    expect(verifies() - before).toBeLessThanOrEqual(IP_LIMIT.limit);
    expect(results.every((r) => !r.ok && ['rate_limited', 'invalid', 'busy'].includes(r.reason))).toBe(true);
  });
});

describe('TOTP codes under a burst', () => {
  it(`checks at most ${TICKET_CODE_ATTEMPTS} (and the account's budget) of ${BURST} parallel wrong codes on one ticket`, async () => {
    const u = await makeStaff(ctx, { email: 'codici@comune.example.it', totpSecret: SECRET });
    const step = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    if (step.ok || !('ticket' in step)) throw new Error('expected a ticket');
    // The right password gave its reservation back: the codes have the account's whole budget,
    // and the ticket's.
    const results = await burst(() => loginWithCode(ctx, { ticket: step.ticket, code: '000000', ip: freshIp() }));
    expect(results.every((r) => !r.ok)).toBe(true);
    const reasons = await reasonsOf(u.id);
    expect(count(reasons, 'bad_code')).toBe(Math.min(TICKET_CODE_ATTEMPTS, FREE_FAILURES + 1));
    expect(count(reasons, 'bad_code') + count(reasons, 'waiting')).toBe(TICKET_CODE_ATTEMPTS);
    expect(count(reasons, 'ticket_exhausted')).toBe(BURST - TICKET_CODE_ATTEMPTS);
    // Out of attempts on the ticket: back to the password.
    expect(await loginWithCode(ctx, { ticket: step.ticket, code: totpCodeAt(SECRET, ctx.now()), ip: freshIp() })).toEqual({
      ok: false,
      reason: 'ticket_expired',
      message: LOGIN_MESSAGES.ticketExpired,
    });
  });

  it(`checks at most ${TICKET_CODE_ATTEMPTS} codes per ticket even from the user's own network (exempt from the account's wait)`, async () => {
    const u = await makeStaff(ctx, { email: 'ufficio@comune.example.it', totpSecret: SECRET });
    const office = freshIp();
    expect((await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, code: totpCodeAt(SECRET, ctx.now()), ip: office })).ok).toBe(true);
    ctx.clock.advance(30_000);
    const step = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: office });
    if (step.ok || !('ticket' in step)) throw new Error('expected a ticket');
    const results = await burst(() => loginWithCode(ctx, { ticket: step.ticket, code: '000000', ip: office }));
    const reasons = await reasonsOf(u.id);
    expect(count(reasons, 'bad_code')).toBe(TICKET_CODE_ATTEMPTS);
    // One IP: its own brake refuses what exceeds IP_LIMIT, the ticket's the rest.
    const ipRefused = results.filter((r) => !r.ok && r.reason === 'rate_limited').length;
    expect(ipRefused).toBe(BURST - IP_LIMIT.limit);
    expect(count(reasons, 'ticket_exhausted')).toBe(IP_LIMIT.limit - TICKET_CODE_ATTEMPTS);
  });

  it('brakes single-step clients (the right password with wrong codes, each with a new ticket) per account', async () => {
    const u = await makeStaff(ctx, { email: 'unpasso@comune.example.it', totpSecret: SECRET });
    await burst(() => loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, code: '000000', ip: freshIp() }));
    // A right password gives its reservation back; the codes never do, so they stay within the brake.
    const reasons = await reasonsOf(u.id);
    expect(count(reasons, 'bad_code')).toBe(FREE_FAILURES + 1);
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).failedLogins).toBe(FREE_FAILURES + 1);
  });

  it('does not refuse the code step of a user who mistyped the password a few times', async () => {
    const u = await makeStaff(ctx, { email: 'distratto@comune.example.it', totpSecret: SECRET });
    for (let i = 0; i < FREE_FAILURES; i++) await loginWithPassword(ctx, { email: u.email, password: 'sbagliata-sbagliata', ip: freshIp() });
    const step = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    if (step.ok || !('ticket' in step)) throw new Error('expected a ticket');
    expect(await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } })).toMatchObject({ failedLogins: FREE_FAILURES, lockedUntil: null });
    expect((await loginWithCode(ctx, { ticket: step.ticket, code: totpCodeAt(SECRET, ctx.now()), ip: freshIp() })).ok).toBe(true);
  });
});

describe('re-authentication under a burst', () => {
  async function signedIn(email: string, totp = false) {
    const u = await makeStaff(ctx, { email, ...(totp ? { totpSecret: SECRET } : {}) });
    const r = await loginWithPassword(ctx, { email, password: TEST_PASSWORD, ip: freshIp(), ...(totp ? { code: totpCodeAt(SECRET, ctx.now()) } : {}) });
    if (!r.ok) throw new Error('login failed');
    return { userId: u.id, sessionId: r.sessionId, actor: await actorOf(u.id) };
  }

  it(`password change: verifies at most ${REAUTH_SESSION_LIMIT.limit} of ${BURST} parallel wrong current passwords`, async () => {
    const s = await signedIn('cambio@comune.example.it');
    const before = verifies();
    const results = await Promise.allSettled(
      Array.from({ length: BURST }, () =>
        changeOwnPassword(ctx, {
          actor: s.actor,
          sessionId: s.sessionId,
          current: 'indovina-indovina',
          next: 'nuova-password-lunga',
          confirm: 'nuova-password-lunga',
        }),
      ),
    );
    expect(verifies() - before).toBe(Math.min(REAUTH_SESSION_LIMIT.limit, FREE_FAILURES + 1));
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(count(codes, 'invalid_input')).toBe(REAUTH_SESSION_LIMIT.limit);
    expect(count(codes, 'rate_limited')).toBe(BURST - REAUTH_SESSION_LIMIT.limit);
    // Even the right current password is refused now, unverified.
    const v = verifies();
    await expect(
      changeOwnPassword(ctx, { actor: s.actor, sessionId: s.sessionId, current: TEST_PASSWORD, next: 'nuova-password-lunga', confirm: 'nuova-password-lunga' }),
    ).rejects.toMatchObject({ code: 'rate_limited' });
    expect(verifies()).toBe(v);
  });

  it('TOTP removal: of 50 parallel attempts with the right password and wrong codes, at most 5 are checked and none passes', async () => {
    const s = await signedIn('rimozione@comune.example.it', true);
    ctx.clock.advance(30_000);
    const before = verifies();
    const results = await Promise.allSettled(
      Array.from({ length: BURST }, () => disableOwnTotp(ctx, { actor: s.actor, sessionId: s.sessionId, password: TEST_PASSWORD, code: '000000' })),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    expect(verifies() - before).toBeLessThanOrEqual(REAUTH_SESSION_LIMIT.limit);
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'ok'));
    expect(count(codes, 'rate_limited')).toBe(BURST - REAUTH_SESSION_LIMIT.limit);
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: s.userId } })).totpEnabled).toBe(true);
  });

  it('TOTP removal: 50 parallel wrong passwords verify at most 5', async () => {
    const s = await signedIn('rimozione2@comune.example.it', true);
    const before = verifies();
    await Promise.allSettled(
      Array.from({ length: BURST }, () => disableOwnTotp(ctx, { actor: s.actor, sessionId: s.sessionId, password: 'indovina-indovina', code: '123456' })),
    );
    expect(verifies() - before).toBeLessThanOrEqual(REAUTH_SESSION_LIMIT.limit);
    expect((await ctx.db.staffUser.findUniqueOrThrow({ where: { id: s.userId } })).totpEnabled).toBe(true);
  });
});

describe('the argon2 queue', () => {
  it('runs at most `concurrency` jobs, queues at most `maxWaiting`, and refuses the next at once', async () => {
    const q = createWorkQueue('test', { concurrency: 2, maxWaiting: 3 });
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const job = () =>
      q.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running -= 1;
        return 'done';
      });
    const accepted = [job(), job(), job(), job(), job()];
    await expect(job()).rejects.toBeInstanceOf(QueueFullError);
    expect(q.stats()).toEqual({ running: 2, waiting: 3, rejected: 1 });
    while (gates.length > 0 || q.stats().running > 0) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(await Promise.all(accepted)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(peak).toBe(2);
    expect(q.stats()).toEqual({ running: 0, waiting: 0, rejected: 1 });
  });

  it('answers a login with "Troppi tentativi in corso" while the queue is full, verifying nothing more', async () => {
    // A deliberately slow hash (argon2's own parameters) keeps the real queue full for a while.
    const slow = await argon2.hash('lento-lento-lento', { type: argon2.argon2id, timeCost: 12, memoryCost: 32 * 1024 });
    const filling = Array.from({ length: ARGON2_CONCURRENCY + ARGON2_MAX_WAITING }, () => verifyPassword(slow, 'x'));
    const overflow = verifyPassword(slow, 'x');
    await expect(overflow).rejects.toMatchObject({ code: 'rate_limited', userMessage: PASSWORD_BUSY_MESSAGE });
    const u = await makeStaff(ctx, { email: 'coda@comune.example.it' }).catch((e: unknown) => e);
    // makeStaff hashes through the same queue: refused as well while it is full.
    expect(u).toMatchObject({ code: 'rate_limited' });
    const before = verifies();
    const r = await loginWithPassword(ctx, { email: 'bersaglio@comune.example.it', password: TEST_PASSWORD, ip: freshIp() });
    expect(r).toEqual({ ok: false, reason: 'busy', message: 'Troppi tentativi in corso, riprova tra poco.' });
    expect(verifies()).toBe(before);
    expect(argon2Counters().rejected).toBeGreaterThanOrEqual(3);
    await Promise.all(filling);
    expect(argon2Counters()).toMatchObject({ running: 0, waiting: 0 });
  }, 60_000);
});

describe('temporary passwords', () => {
  it('open a session that must change the password, and are refused with a precise message once expired', async () => {
    const u = await makeStaff(ctx, { email: 'temporanea@comune.example.it', temporary: true });
    const first = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    if (!first.ok) throw new Error('login failed');
    const session = await authoriseStaff(ctx, { sub: first.userId, sid: first.sessionId, sv: first.sessionVersion }, 'VIEWER', { allowPasswordChange: true });
    expect(session.passwordChangeRequired).toBe(true);

    ctx.clock.advance(TEMPORARY_PASSWORD_MS);
    const late = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(late).toEqual({
      ok: false,
      reason: 'temporary_expired',
      message: 'La password temporanea è scaduta: chiedi a un amministratore di impostarne una nuova.',
    });
    // A wrong password still gets the usual words (nothing said about the account).
    expect(await loginWithPassword(ctx, { email: u.email, password: 'indovina-indovina', ip: freshIp() })).toMatchObject({ reason: 'invalid' });
    expect(await reasonsOf(u.id)).toContain('temporary_password_expired');

    // An admin's reset gives a new temporary password, valid again for TEMPORARY_PASSWORD_MS.
    const admin = await makeStaff(ctx, { email: 'capo-temp@comune.example.it', role: 'ADMIN' });
    const { temporaryPassword } = await resetStaffPassword(ctx, { actor: await actorOf(admin.id), userId: u.id });
    const again = await loginWithPassword(ctx, { email: u.email, password: temporaryPassword!, ip: freshIp() });
    expect(again.ok).toBe(true);
    if (!again.ok) return;
    const claims = { sub: again.userId, sid: again.sessionId, sv: again.sessionVersion };
    await expect(authoriseStaff(ctx, claims, 'VIEWER')).rejects.toMatchObject({ details: { passwordChangeRequired: true } });
    const { sessionVersion } = await changeOwnPassword(ctx, {
      actor: await actorOf(u.id),
      sessionId: again.sessionId,
      current: temporaryPassword!,
      next: 'finalmente-la-mia',
      confirm: 'finalmente-la-mia',
    });
    expect((await authoriseStaff(ctx, { ...claims, sv: sessionVersion }, 'VIEWER')).passwordChangeRequired).toBe(false);
    ctx.clock.advance(TEMPORARY_PASSWORD_MS * 2);
    expect((await loginWithPassword(ctx, { email: u.email, password: 'finalmente-la-mia', ip: freshIp() })).ok).toBe(true);
  });
});
