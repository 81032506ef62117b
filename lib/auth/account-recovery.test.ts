import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { createSmtpMailer, sendMailBatch, type Mailer } from '../outbox/send-mail';
import { makeStaff, TEST_PASSWORD } from '../testing/fixtures';
import { startLocalSmtp, type LocalSmtp, type ReceivedMail } from '../testing/smtp-server';
import { createTestContext, type TestContext } from '../testing/test-context';
import { endOtherOwnSessions } from './end-other-sessions';
import { endOwnSession } from './end-own-session';
import { listOwnSessions } from './list-own-sessions';
import { loginWithPassword } from './login-password';
import { hashResetToken } from './password-reset-token';
import { PASSWORD_RESET_EMAIL_LIMIT, PASSWORD_RESET_MS } from './policy';
import { resetStaffPassword } from './reset-staff-credentials';
import { requestPasswordReset } from './request-password-reset';
import { checkPasswordResetLink, resetPasswordWithToken, RESET_LINK_INVALID_MESSAGE } from './reset-password-with-token';
import { checkStaffRequest } from './route-guard';
import { authoriseStaff, checkSession } from './session-check';
import { mintSessionToken, sessionCookieName, type SessionClaims } from './session-token';

let ctx: TestContext;
let smtp: LocalSmtp;
let mailer: Mailer;
beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startLocalSmtp();
  mailer = createSmtpMailer({ transport: smtp.url, from: 'avvisi@comune.example.it' }, { timeoutMs: 3000 });
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await ctx.close();
});
beforeEach(() => {
  ctx.mailEnabled = true;
});

let ipCounter = 0;
const freshIp = () => `203.0.113.${++ipCounter}`;
const NEW_PASSWORD = 'lampione-ortensia-31';

/** The body of a received mail, undoing quoted-printable or base64 as nodemailer chose. */
function bodyOf(mail: ReceivedMail): string {
  const [head = '', ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (/content-transfer-encoding:\s*base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(head)) {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

const tokenFrom = (mail: ReceivedMail): string => {
  const m = /\/accedi\/nuova-password\?token=([A-Za-z0-9_-]{43})/.exec(bodyOf(mail));
  expect(m, 'reset link in the mail').not.toBeNull();
  return m![1]!;
};

async function deliverMails(): Promise<void> {
  while ((await sendMailBatch(ctx, mailer)) > 0);
}

async function mailFor(email: string): Promise<ReceivedMail> {
  await deliverMails();
  const until = Date.now() + 5000;
  for (;;) {
    const found = smtp.received.filter((m) => m.to.includes(email));
    if (found.length > 0) return found.at(-1)!;
    if (Date.now() > until) throw new Error(`no mail to ${email}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function signIn(email: string, password = TEST_PASSWORD, userAgent?: string): Promise<SessionClaims> {
  const r = await loginWithPassword(ctx, { email, password, ip: freshIp(), userAgent });
  if (!r.ok) throw new Error(`login refused: ${r.reason}`);
  return { sub: r.userId, sid: r.sessionId, sv: r.sessionVersion };
}

describe('password reset by e-mail', () => {
  it('mails a link that sets a new password once, ends every session, clears the brakes and is audited', async () => {
    const u = await makeStaff(ctx, { email: 'elena@comune.example.it' });
    const a = await signIn(u.email);
    const b = await signIn(u.email);
    await ctx.db.staffUser.update({ where: { id: u.id }, data: { failedLogins: 3 } });

    expect(await requestPasswordReset(ctx, { email: ' Elena@Comune.example.it ', ip: freshIp() })).toEqual({ ok: true });
    const mail = await mailFor(u.email);
    expect(mail.raw).toContain('Scegli una nuova password');
    const token = tokenFrom(mail);
    expect(bodyOf(mail)).toContain(`http://localhost:3000/accedi/nuova-password?token=${token}`);
    // Only the hash is stored; the mail body is erased once sent.
    const row = await ctx.db.passwordResetToken.findUniqueOrThrow({ where: { staffUserId: u.id } });
    expect(row.tokenHash).toBe(hashResetToken(token));
    expect(row.tokenHash).not.toContain(token);
    expect(row.expiresAt.getTime() - ctx.now().getTime()).toBe(PASSWORD_RESET_MS);
    expect((await ctx.db.mailMessage.findFirstOrThrow({ where: { toEmail: u.email } })).bodyText).toBeNull();

    // Opening the page does not use the link up.
    expect(await checkPasswordResetLink(ctx, { token })).toEqual({ email: u.email });
    expect(await checkPasswordResetLink(ctx, { token })).toEqual({ email: u.email });

    // A password against the policy does not use it up either.
    await expect(resetPasswordWithToken(ctx, { token, next: 'corta', confirm: 'corta', ip: null })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fieldErrors: { next: [expect.stringContaining('almeno 12')] } },
    });
    await expect(resetPasswordWithToken(ctx, { token, next: NEW_PASSWORD, confirm: `${NEW_PASSWORD}x`, ip: null })).rejects.toMatchObject({
      details: { fieldErrors: { confirm: ['Le due password non coincidono.'] } },
    });

    expect(await resetPasswordWithToken(ctx, { token, next: NEW_PASSWORD, confirm: NEW_PASSWORD, ip: freshIp() })).toEqual({ email: u.email });
    // Every session ended at once.
    expect(await checkSession(ctx, a)).toEqual({ ok: false, problem: 'ended' });
    expect(await checkSession(ctx, b)).toEqual({ ok: false, problem: 'ended' });
    const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: u.id } });
    expect(user.failedLogins).toBe(0);
    expect(user.passwordExpiresAt).toBeNull();
    // The old password no longer opens the account, the new one does.
    expect((await loginWithPassword(ctx, { email: u.email, password: TEST_PASSWORD, ip: freshIp() })).ok).toBe(false);
    expect((await loginWithPassword(ctx, { email: u.email, password: NEW_PASSWORD, ip: freshIp() })).ok).toBe(true);
    // Once only.
    expect(await checkPasswordResetLink(ctx, { token })).toBeNull();
    await expect(resetPasswordWithToken(ctx, { token, next: 'un-altra-password-ok', confirm: 'un-altra-password-ok', ip: null })).rejects.toMatchObject({
      code: 'not_found',
      userMessage: RESET_LINK_INVALID_MESSAGE,
    });
    const audits = await ctx.db.auditLog.findMany({
      where: { target: u.id, action: { in: ['password_reset_request', 'password_reset'] } },
      orderBy: { id: 'asc' },
    });
    expect(audits.map((x) => x.action)).toEqual(['password_reset_request', 'password_reset']);
    expect(audits[1]!.actorId).toBe(u.id);
    expect(JSON.stringify(audits.map((x) => x.details))).not.toContain(token);
  });

  it('two parallel uses of one link: exactly one wins', async () => {
    const u = await makeStaff(ctx, { email: 'fabio@comune.example.it' });
    await requestPasswordReset(ctx, { email: u.email, ip: freshIp() }, { answerMs: 0 });
    const token = tokenFrom(await mailFor(u.email));
    const results = await Promise.allSettled([
      resetPasswordWithToken(ctx, { token, next: 'prima-password-lunga', confirm: 'prima-password-lunga', ip: null }),
      resetPasswordWithToken(ctx, { token, next: 'seconda-password-lunga', confirm: 'seconda-password-lunga', ip: null }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toMatchObject({ code: 'not_found', userMessage: RESET_LINK_INVALID_MESSAGE });
    expect(await ctx.db.auditLog.count({ where: { target: u.id, action: 'password_reset' } })).toBe(1);
  });

  it('refuses an expired link, and a newer link replaces the older one', async () => {
    const u = await makeStaff(ctx, { email: 'gina@comune.example.it' });
    await requestPasswordReset(ctx, { email: u.email, ip: freshIp() }, { answerMs: 0 });
    const first = tokenFrom(await mailFor(u.email));
    ctx.clock.advance(PASSWORD_RESET_MS);
    expect(await checkPasswordResetLink(ctx, { token: first })).toBeNull();
    await expect(resetPasswordWithToken(ctx, { token: first, next: NEW_PASSWORD, confirm: NEW_PASSWORD, ip: null })).rejects.toMatchObject({
      code: 'not_found',
    });

    const before = smtp.received.length;
    await requestPasswordReset(ctx, { email: u.email, ip: freshIp() }, { answerMs: 0 });
    await deliverMails();
    await smtp.waitFor(before + 1);
    const second = tokenFrom(await mailFor(u.email));
    await requestPasswordReset(ctx, { email: u.email, ip: freshIp() }, { answerMs: 0 });
    await deliverMails();
    await smtp.waitFor(before + 2);
    const third = tokenFrom(await mailFor(u.email));
    expect(third).not.toBe(second);
    expect(await checkPasswordResetLink(ctx, { token: second })).toBeNull();
    expect(await checkPasswordResetLink(ctx, { token: third })).toEqual({ email: u.email });
    expect(await ctx.db.passwordResetToken.count({ where: { staffUserId: u.id } })).toBe(1);
    // Garbage is refused without a lookup that could matter.
    expect(await checkPasswordResetLink(ctx, { token: 'x' })).toBeNull();
  });

  it('answers the same, in about the same time, for an unknown or disabled address, and mails nobody', async () => {
    const known = await makeStaff(ctx, { email: 'ivo@comune.example.it' });
    await makeStaff(ctx, { email: 'lia@comune.example.it', disabled: true });
    await deliverMails();
    const mailsBefore = await ctx.db.mailMessage.count();
    const received = smtp.received.length;
    const timed = async (email: string) => {
      const t = Date.now();
      const r = await requestPasswordReset(ctx, { email, ip: freshIp() });
      return { r, ms: Date.now() - t };
    };
    const unknown = await timed('nessuno@comune.example.it');
    const disabled = await timed('lia@comune.example.it');
    const real = await timed(known.email);
    for (const x of [unknown, disabled, real]) {
      expect(x.r).toEqual({ ok: true });
      expect(x.ms).toBeGreaterThanOrEqual(490);
    }
    expect(Math.abs(unknown.ms - real.ms)).toBeLessThan(250);
    expect(await ctx.db.mailMessage.count()).toBe(mailsBefore + 1);
    await deliverMails();
    await smtp.waitFor(received + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.received.slice(received).map((m) => m.to)).toEqual([[known.email]]);
  });

  it('without SMTP: the same answer, no link stored, no mail', async () => {
    ctx.mailEnabled = false;
    const u = await makeStaff(ctx, { email: 'mara@comune.example.it' });
    const mails = await ctx.db.mailMessage.count();
    expect(await requestPasswordReset(ctx, { email: u.email, ip: freshIp() }, { answerMs: 0 })).toEqual({ ok: true });
    expect(await ctx.db.passwordResetToken.count({ where: { staffUserId: u.id } })).toBe(0);
    expect(await ctx.db.mailMessage.count()).toBe(mails);
  });

  it('is rate limited per typed address, whether or not it has an account', async () => {
    for (const email of ['nico@comune.example.it', 'nessuno-2@comune.example.it']) {
      if (email.startsWith('nico')) await makeStaff(ctx, { email });
      for (let i = 0; i < PASSWORD_RESET_EMAIL_LIMIT.limit; i++) {
        expect(await requestPasswordReset(ctx, { email, ip: freshIp() }, { answerMs: 0 })).toEqual({ ok: true });
      }
      expect(await requestPasswordReset(ctx, { email, ip: freshIp() }, { answerMs: 0 })).toMatchObject({ ok: false, reason: 'rate_limited' });
    }
  });
});

describe('temporary passwords', () => {
  it('a session opened with a CLI reset password reaches neither the dashboard nor the API until changed; a reset link makes it the user’s own', async () => {
    const u = await makeStaff(ctx, { email: 'olga@comune.example.it' });
    const { temporaryPassword } = await resetStaffPassword(ctx, { actor: systemActor('cli'), userId: u.id });
    const claims = await signIn(u.email, temporaryPassword!);
    await expect(authoriseStaff(ctx, claims, 'VIEWER')).rejects.toMatchObject({ code: 'forbidden', details: { passwordChangeRequired: true } });
    const cfg = { secret: 'x'.repeat(32), secure: false };
    const req = new Request('http://localhost/api/staff', { headers: { cookie: `${sessionCookieName(cfg)}=${await mintSessionToken(cfg, claims)}` } });
    const res = await checkStaffRequest(ctx, cfg, req);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(403);

    await requestPasswordReset(ctx, { email: u.email, ip: freshIp() }, { answerMs: 0 });
    const token = tokenFrom(await mailFor(u.email));
    await resetPasswordWithToken(ctx, { token, next: NEW_PASSWORD, confirm: NEW_PASSWORD, ip: null });
    const own = await signIn(u.email, NEW_PASSWORD);
    expect((await authoriseStaff(ctx, own, 'VIEWER')).passwordChangeRequired).toBe(false);
  });
});

describe('own open sessions', () => {
  it('lists the open ones with a browser summary and no IP, marks the current, ends one at once and the others', async () => {
    const u = await makeStaff(ctx, { email: 'pia@comune.example.it' });
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0';
    const safari = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
    const here = await signIn(u.email, TEST_PASSWORD, firefox);
    const phone = await signIn(u.email, TEST_PASSWORD, safari);
    const third = await signIn(u.email);
    const gone = await signIn(u.email);
    await ctx.db.staffSession.update({ where: { id: gone.sid }, data: { endedAt: ctx.now() } });
    const actor = (await authoriseStaff(ctx, here)).actor;

    const list = await listOwnSessions(ctx, { actor, currentSessionId: here.sid });
    expect(list.map((s) => s.id).sort()).toEqual([here.sid, phone.sid, third.sid].sort());
    expect(list.find((s) => s.id === here.sid)).toMatchObject({ current: true, userAgent: 'Firefox su Linux', method: 'PASSWORD' });
    expect(list.find((s) => s.id === phone.sid)).toMatchObject({ current: false, userAgent: 'Safari su iOS' });
    expect(list.find((s) => s.id === third.sid)!.userAgent).toBeNull();
    expect(JSON.stringify(list)).not.toMatch(/203\.0\.113|ipHmac/);
    // The whole User-Agent is never stored.
    expect(await ctx.db.staffSession.count({ where: { userAgent: { contains: 'Mozilla' } } })).toBe(0);

    // Someone else cannot end my session.
    const other = await makeStaff(ctx, { email: 'quirino@comune.example.it' });
    const otherActor = (await authoriseStaff(ctx, await signIn(other.email))).actor;
    await expect(endOwnSession(ctx, { actor: otherActor, sessionId: phone.sid, currentSessionId: 'x', ip: null })).rejects.toMatchObject({ code: 'not_found' });
    expect((await checkSession(ctx, phone)).ok).toBe(true);

    expect(await endOwnSession(ctx, { actor, sessionId: phone.sid, currentSessionId: here.sid, ip: freshIp() })).toEqual({ current: false });
    expect(await checkSession(ctx, phone)).toEqual({ ok: false, problem: 'ended' });
    expect((await checkSession(ctx, here)).ok).toBe(true);
    await expect(endOwnSession(ctx, { actor, sessionId: phone.sid, currentSessionId: here.sid, ip: null })).rejects.toMatchObject({ code: 'not_found' });

    expect(await endOtherOwnSessions(ctx, { actor, currentSessionId: here.sid, ip: null })).toEqual({ ended: 1 });
    expect(await checkSession(ctx, third)).toEqual({ ok: false, problem: 'ended' });
    expect((await checkSession(ctx, here)).ok).toBe(true);
    expect((await listOwnSessions(ctx, { actor, currentSessionId: here.sid })).map((s) => s.id)).toEqual([here.sid]);

    expect(await endOwnSession(ctx, { actor, sessionId: here.sid, currentSessionId: here.sid, ip: null })).toEqual({ current: true });
    expect(await checkSession(ctx, here)).toEqual({ ok: false, problem: 'ended' });
    const audits = await ctx.db.auditLog.findMany({ where: { actorId: u.id, action: 'session_end' }, orderBy: { id: 'asc' } });
    expect(audits.map((a) => (a.details as { which: string }).which)).toEqual(['one', 'others', 'current']);
  });
});
