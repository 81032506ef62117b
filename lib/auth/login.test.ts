import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { loginWithCode } from './login-code';
import { loginWithPassword } from './login-password';
import { LOGIN_MESSAGES } from './login-result';
import { BACKOFF_CAP_MS, IP_LIMIT } from './policy';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { totpCodeAt } from './totp';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
let ipCounter = 0;
/** A fresh address per test, so the per-IP window of one test does not spill into the next. */
const freshIp = () => `198.51.100.${++ipCounter}`;

const audits = (action: string) => ctx.db.auditLog.findMany({ where: { action }, orderBy: { id: 'asc' } });

describe('loginWithPassword', () => {
  it('accepts the right password, opens a session and audits the login', async () => {
    const u = await makeStaff(ctx, { email: 'Anna@Comune.example.it' });
    const ip = freshIp();
    const r = await loginWithPassword(ctx, { email: '  anna@comune.EXAMPLE.it ', password: TEST_PASSWORD, ip });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const session = await ctx.db.staffSession.findUniqueOrThrow({ where: { id: r.sessionId } });
    expect(session.staffUserId).toBe(u.id);
    expect(session.method).toBe('PASSWORD');
    expect(session.ipHmac).toBe(ctx.cipher.hmac(`ip:${ip}`));
    const last = (await audits('login')).at(-1)!;
    expect(last.actorId).toBe(u.id);
    expect(last.ipHmac).toBe(ctx.cipher.hmac(`ip:${ip}`));
  });

  it('answers the same for an unknown email, a wrong password and a disabled account', async () => {
    await makeStaff(ctx, { email: 'bruno@comune.example.it' });
    await makeStaff(ctx, { email: 'carla@comune.example.it', disabled: true });
    const unknown = await loginWithPassword(ctx, { email: 'nessuno@comune.example.it', password: TEST_PASSWORD, ip: freshIp() });
    const wrong = await loginWithPassword(ctx, { email: 'bruno@comune.example.it', password: 'sbagliata-sbagliata', ip: freshIp() });
    const disabled = await loginWithPassword(ctx, { email: 'carla@comune.example.it', password: TEST_PASSWORD, ip: freshIp() });
    for (const r of [unknown, wrong, disabled]) expect(r).toEqual({ ok: false, reason: 'invalid', message: 'Email o password non corretti.' });
    const reasons = (await audits('login_failed')).map((a) => (a.details as { reason: string }).reason);
    expect(reasons).toEqual(expect.arrayContaining(['unknown_email', 'bad_password', 'disabled']));
    expect(await ctx.db.staffSession.count({ where: { staffUser: { email: 'carla@comune.example.it' } } })).toBe(0);
  });

  it('makes the account wait exponentially after repeated failures, capped, and resets on success', async () => {
    const u = await makeStaff(ctx, { email: 'dario@comune.example.it' });
    const attacker = () => loginWithPassword(ctx, { email: u.email, password: 'indovina-indovina', ip: freshIp() });
    for (let i = 0; i < 4; i++) await attacker();
    let row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.failedLogins).toBe(4);
    expect(row.lockedUntil).toBeNull();

    await attacker(); // 5th failure: 30 s
    row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil!.getTime() - ctx.now().getTime()).toBe(30_000);

    // While waiting, even the right password from an unknown network is refused, with the same words.
    const refused = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(refused).toEqual({ ok: false, reason: 'invalid', message: LOGIN_MESSAGES.invalid });
    // Attempts during the wait do not count and do not extend it.
    row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.failedLogins).toBe(5);

    for (let i = 0; i < 10; i++) {
      ctx.clock.advance(BACKOFF_CAP_MS);
      await attacker();
    }
    row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil!.getTime() - ctx.now().getTime()).toBe(BACKOFF_CAP_MS);

    ctx.clock.advance(BACKOFF_CAP_MS);
    const ok = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(ok.ok).toBe(true);
    row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.failedLogins).toBe(0);
    expect(row.lockedUntil).toBeNull();
  });

  it('lets the real user in from a network they used recently, even while strangers keep the account waiting', async () => {
    const u = await makeStaff(ctx, { email: 'elena@comune.example.it' });
    const office = freshIp();
    expect((await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: office })).ok).toBe(true);
    for (let i = 0; i < 9; i++) await loginWithPassword(ctx, { email: u.email, password: 'indovina-indovina', ip: freshIp() });
    const row = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(row.lockedUntil!.getTime()).toBeGreaterThan(ctx.now().getTime());
    expect((await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() })).ok).toBe(false);
    expect((await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: office })).ok).toBe(true);
  });

  it('limits failed attempts per client IP, whatever the account; successes do not count', async () => {
    const ip = freshIp();
    const counted = async () =>
      (await ctx.db.rateLimit.aggregate({ _sum: { count: true }, where: { key: `login:ip:${ctx.cipher.hmac(`ip:${ip}`)}` } }))._sum.count ?? 0;
    expect((await loginWithPassword(ctx, { email: 'anna@comune.example.it', password: TEST_PASSWORD, ip })).ok).toBe(true);
    expect(await counted()).toBe(0);
    for (let i = 0; i < IP_LIMIT.limit; i++) await loginWithPassword(ctx, { email: `x${i}@example.it`, password: 'x', ip });
    expect(await counted()).toBe(IP_LIMIT.limit);
    const r = await loginWithPassword(ctx, { email: 'anna@comune.example.it', password: TEST_PASSWORD, ip });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('rate_limited');
    expect(r.message).toMatch(/^Troppi tentativi da questa connessione\. Riprova tra \d+ minut[oi]\.$/);
  });
});

describe('two-step login with TOTP', () => {
  it('asks for the code after the password, then accepts it once', async () => {
    const u = await makeStaff(ctx, { email: 'franco@comune.example.it', totpSecret: SECRET });
    const first = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    expect(first).toMatchObject({ ok: false, reason: 'code_required' });
    if (first.ok || !('ticket' in first)) throw new Error('expected a ticket');
    expect(first.ticket).not.toContain(u.id);
    expect(await ctx.db.staffSession.count({ where: { staffUserId: u.id } })).toBe(0);

    const wrong = await loginWithCode(ctx, { ticket: first.ticket, code: '000000', ip: freshIp() });
    expect(wrong).toMatchObject({ ok: false, reason: 'code_invalid', ticket: first.ticket });

    const code = totpCodeAt(SECRET, ctx.now());
    const ok = await loginWithCode(ctx, { ticket: first.ticket, code, ip: freshIp() });
    expect(ok.ok).toBe(true);
    // The same code cannot be used again (replay), even with a fresh password step.
    const again = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, code, ip: freshIp() });
    expect(again).toMatchObject({ ok: false, reason: 'code_invalid' });
    ctx.clock.advance(30_000);
    const next = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, code: totpCodeAt(SECRET, ctx.now()), ip: freshIp() });
    expect(next.ok).toBe(true);
  });

  it('refuses an expired or tampered ticket and a ticket issued before a password change', async () => {
    const u = await makeStaff(ctx, { email: 'giulia@comune.example.it', totpSecret: SECRET });
    const step = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    if (step.ok || !('ticket' in step)) throw new Error('expected a ticket');
    const tampered = await loginWithCode(ctx, { ticket: step.ticket.slice(0, -2) + 'xx', code: totpCodeAt(SECRET, ctx.now()), ip: freshIp() });
    expect(tampered).toEqual({ ok: false, reason: 'ticket_expired', message: LOGIN_MESSAGES.ticketExpired });

    await ctx.db.staffUser.update({ where: { id: u.id }, data: { sessionVersion: { increment: 1 } } });
    const stale = await loginWithCode(ctx, { ticket: step.ticket, code: totpCodeAt(SECRET, ctx.now()), ip: freshIp() });
    expect(stale.ok).toBe(false);

    const fresh = await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() });
    if (fresh.ok || !('ticket' in fresh)) throw new Error('expected a ticket');
    ctx.clock.advance(5 * 60_000);
    const late = await loginWithCode(ctx, { ticket: fresh.ticket, code: totpCodeAt(SECRET, ctx.now()), ip: freshIp() });
    expect(late).toMatchObject({ ok: false, reason: 'ticket_expired' });
  });
});
