import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlert } from '../alerts/create-alert';
import { sendAlertNow } from '../alerts/send-alert-now';
import { approveTemplates, composeInput, launch } from '../alerts/test-fixtures';
import { sendMailBatch, createSmtpMailer, type Mailer } from '../outbox/send-mail';
import { setSetting } from '../settings/store';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { startLocalSmtp, type LocalSmtp } from '../testing/smtp-server';
import { createTestContext, type TestContext } from '../testing/test-context';
import { listNotices } from './list-notices';
import { markNoticesRead } from './mark-notices-read';
import { getNoticeMailKinds, setNoticeMailKinds } from './notice-mail-kinds';
import { notifyStaff } from './notify-staff';

let ctx: TestContext;
let smtp: LocalSmtp;
let mailer: Mailer;
let author: Awaited<ReturnType<typeof staffActor>>;
let second: Awaited<ReturnType<typeof staffActor>>;
let admin: Awaited<ReturnType<typeof staffActor>>;
let viewer: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  smtp = await startLocalSmtp();
  mailer = createSmtpMailer({ transport: smtp.url, from: 'avvisi@comune.example.it' }, { timeoutMs: 3000 });
  author = await staffActor(ctx, 'EDITOR');
  second = await staffActor(ctx, 'EDITOR');
  admin = await staffActor(ctx, 'ADMIN');
  viewer = await staffActor(ctx, 'VIEWER');
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 2, ['viabilita']);
  await setSetting(ctx.db, 'fourEyes', true);
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await ctx.close();
});

describe('staff notices', () => {
  it('without SMTP: an alert waiting for approval shows a notice to the other editors and admins, and no mail is queued', async () => {
    ctx.mailEnabled = false;
    const { id } = await createAlert(ctx, {
      actor: author,
      input: composeInput({ topics: undefined, urgency: 'urgent', urgentReason: 'Esercitazione', title: 'Prova sirene' }),
    });
    expect((await sendAlertNow(ctx, { actor: author, alertId: id })).status).toBe('PENDING_APPROVAL');
    const forSecond = await listNotices(ctx, { actor: second });
    expect(forSecond.unread).toBe(1);
    expect(forSecond.notices[0]).toMatchObject({ kind: 'approval_requested', link: `/dashboard/avvisi/${id}`, read: false });
    expect(forSecond.notices[0]!.title).toContain('Prova sirene');
    expect((await listNotices(ctx, { actor: admin })).unread).toBe(1);
    expect((await listNotices(ctx, { actor: author })).unread).toBe(0);
    expect((await listNotices(ctx, { actor: viewer })).unread).toBe(0);
    expect(await ctx.db.mailMessage.count()).toBe(0);
    expect(await markNoticesRead(ctx, { actor: second })).toBe(1);
    expect((await listNotices(ctx, { actor: second })).unread).toBe(0);
  });

  it('with SMTP: one mail per person and event over real SMTP, however often the event is noticed; opted-out kinds are not mailed', async () => {
    ctx.mailEnabled = true;
    expect(await setNoticeMailKinds(ctx, { actor: admin, kinds: ['alert_held'] })).toEqual(['alert_held']);
    expect(await getNoticeMailKinds(ctx, { actor: admin })).toEqual(['alert_held']);
    const event = {
      kind: 'approval_requested' as const,
      eventKey: 'approval:test:1',
      title: 'Avviso da approvare: Neve',
      body: 'Aspetta.',
      link: '/dashboard/avvisi/x',
      exceptUserId: author.id,
    };
    expect(await ctx.db.$transaction((tx) => notifyStaff(ctx, tx, event))).toBe(2);
    // A second worker noticing the same event: nobody is told again.
    expect(await ctx.db.$transaction((tx) => notifyStaff(ctx, tx, event))).toBe(0);
    while ((await sendMailBatch(ctx, mailer)) > 0);
    const mails = await smtp.waitFor(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([second.email]);
    expect(mails[0]!.raw).toContain('Avviso da approvare: Neve');
    expect(mails[0]!.raw).toContain('http://localhost:3000/dashboard/avvisi/x');
    // The admin opted out of this kind by e-mail, but still sees it on the dashboard.
    expect((await listNotices(ctx, { actor: admin })).notices.map((n) => n.title)).toContain('Avviso da approvare: Neve');
  });

  it('a staff-written title with a number in it: the notice keeps it, the mail only says where to look', async () => {
    smtp.received.length = 0;
    await ctx.db.$transaction((tx) =>
      notifyStaff(ctx, tx, {
        kind: 'alert_held',
        eventKey: 'held:test:2',
        title: 'In pausa: chiamate il 0541 123456',
        body: 'In pausa.',
        exceptUserId: author.id,
      }),
    );
    while ((await sendMailBatch(ctx, mailer)) > 0);
    const mails = await smtp.waitFor(2);
    for (const m of mails) expect(m.raw).not.toContain('123456');
    expect((await listNotices(ctx, { actor: second })).notices[0]!.title).toContain('0541 123456');
  });

  it('unknown kinds are refused', async () => {
    await expect(setNoticeMailKinds(ctx, { actor: second, kinds: ['nope'] })).rejects.toThrow(/Unknown notice kind: nope/);
  });
});
