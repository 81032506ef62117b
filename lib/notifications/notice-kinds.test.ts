/**
 * Each kind of staff notice raised by the real code path behind it (issue 12), exactly once per
 * event however often the event is seen, told to the right people, mailed over a real local SMTP
 * server only to those who want that kind by e-mail, and shown on the dashboard without SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveTemplates } from '../alerts/test-fixtures';
import { pauseAlert } from '../delivery/pause-alert';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import { publishAlert } from '../delivery/testing/fixtures';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { createSmtpMailer, sendMailBatch, type Mailer } from '../outbox/send-mail';
import { setSetting } from '../settings/store';
import { noticeLaunchThreshold } from '../stats/launch-threshold-notice';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { startLocalSmtp, type LocalSmtp } from '../testing/smtp-server';
import { createTestContext, type TestContext } from '../testing/test-context';
import { metaJson, templateCategoryUpdate, templateStatusUpdate, webhookPayload, type Json } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { listNotices } from './list-notices';
import { setNoticeMailKinds } from './notice-mail-kinds';

let ctx: TestContext;
let smtp: LocalSmtp;
let mailer: Mailer;
let admin: Awaited<ReturnType<typeof staffActor>>;
let quietAdmin: Awaited<ReturnType<typeof staffActor>>;
let author: Awaited<ReturnType<typeof staffActor>>;
let editor: Awaited<ReturnType<typeof staffActor>>;
let time = 1_764_412_800;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.mailEnabled = true;
  smtp = await startLocalSmtp();
  mailer = createSmtpMailer({ transport: smtp.url, from: 'avvisi@comune.example.it' }, { timeoutMs: 3000 });
  admin = await staffActor(ctx, 'ADMIN');
  quietAdmin = await staffActor(ctx, 'ADMIN');
  author = await staffActor(ctx, 'EDITOR');
  editor = await staffActor(ctx, 'EDITOR');
  // The quiet admin wants only approval requests by e-mail; the dashboard still shows everything.
  await setNoticeMailKinds(ctx, { actor: quietAdmin, kinds: ['approval_requested'] });
  await approveTemplates(ctx);
  await addSubscribers(ctx, 3, ['viabilita']);
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await ctx.close();
});

async function post(change: { field: string; value: Json }): Promise<void> {
  const raw = Buffer.from(metaJson(webhookPayload({ entries: [{ time: ++time, changes: [change] }] })));
  expect(await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).toMatchObject({ status: 200 });
  await processInboundBatch(ctx);
}

const kinds = async (who: { id: string }, kind: string) => (await listNotices(ctx, { actor: { ...admin, id: who.id } })).notices.filter((n) => n.kind === kind);

/** Sends what the outbox holds and returns the recipients of the mails sent now. */
async function mailedTo(expected: number): Promise<string[]> {
  smtp.received.length = 0;
  while ((await sendMailBatch(ctx, mailer)) > 0);
  const mails = await smtp.waitFor(expected);
  await new Promise((r) => setTimeout(r, 200));
  for (const m of mails) expect(m.raw).not.toMatch(/\+39\d{6,}/);
  return smtp.received.flatMap((m) => m.to);
}

async function sendingAlert(title: string): Promise<string> {
  const { alertId } = await publishAlert(ctx, { title });
  await ctx.db.alert.update({ where: { id: alertId }, data: { createdById: author.id } });
  return alertId;
}

describe('notice kinds', () => {
  it('alert paused by Meta: admins and the author, once however many workers pause it', async () => {
    const id = await sendingAlert('Neve in collina');
    const reason = 'Meta ha segnalato troppi messaggi considerati spam (errore 131048): invio sospeso.';
    expect(await pauseAlert(ctx, id, reason, { code: 131048 })).toBe(true);
    expect(await pauseAlert(ctx, id, reason, { code: 131048 })).toBe(false);
    for (const who of [admin, quietAdmin, author]) {
      const n = await kinds(who, 'alert_held');
      expect(n).toHaveLength(1);
      expect(n[0]).toMatchObject({ title: 'Avviso in pausa: Neve in collina', link: `/dashboard/avvisi/${id}` });
      expect(n[0]!.body).toContain('131048');
    }
    expect(await kinds(editor, 'alert_held')).toHaveLength(0);
    const to = await mailedTo(2);
    expect(to.sort()).toEqual([admin.email, author.email].sort());
    const mail = smtp.received.find((m) => m.to.includes(author.email))!;
    expect(mail.raw.replace(/=\r?\n/g, '')).toContain(`http://localhost:3000/dashboard/avvisi/${id}`);
  });

  it('template rejected by webhook: admins told once, a retried webhook adds nothing', async () => {
    await post(templateStatusUpdate({ event: 'REJECTED', name: 'avviso_comune' }));
    await post(templateStatusUpdate({ event: 'REJECTED', name: 'avviso_comune' }));
    const n = await kinds(admin, 'template_changed');
    expect(n).toHaveLength(1);
    expect(n[0]).toMatchObject({ title: 'Modello rifiutato da Meta: avviso_comune', link: '/dashboard/modelli' });
    expect(n[0]!.body).toContain('INCORRECT_CATEGORY');
    expect(await kinds(quietAdmin, 'template_changed')).toHaveLength(1);
    expect(await kinds(editor, 'template_changed')).toHaveLength(0);
    expect(await mailedTo(1)).toEqual([admin.email]);
    await approveTemplates(ctx);
  });

  it('template recategorised by webhook, and the alert using it held: both told once', async () => {
    const id = await sendingAlert('Mercato spostato');
    await post(templateCategoryUpdate({ from: 'UTILITY', to: 'MARKETING' }));
    await post(templateCategoryUpdate({ from: 'UTILITY', to: 'MARKETING' }));
    // The webhook processor held the alert already; another reconciliation changes nothing.
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id } })).status).toBe('PAUSED');
    expect((await reconcileTemplateHolds(ctx)).held).toEqual([]);
    const changed = await kinds(admin, 'template_changed');
    expect(changed.map((n) => n.title)).toEqual(['Modello spostato in MARKETING: avviso_comune', 'Modello rifiutato da Meta: avviso_comune']);
    const held = (await kinds(author, 'alert_held')).filter((n) => n.link === `/dashboard/avvisi/${id}`);
    expect(held).toHaveLength(1);
    expect(held[0]!.title).toBe('Avviso trattenuto: Mercato spostato');
    expect(held[0]!.body).toContain('MARKETING');
    // Admin: template + hold; author: hold; the quiet admin opted out of both by e-mail.
    expect((await mailedTo(3)).sort()).toEqual([admin.email, admin.email, author.email].sort());
  });

  it('launch threshold reached: admins told once; without SMTP only the dashboard, nothing fails', async () => {
    ctx.mailEnabled = false;
    await setSetting(ctx.db, 'launchThreshold', 1000);
    expect(await noticeLaunchThreshold(ctx)).toBe(0);
    await setSetting(ctx.db, 'launchThreshold', 2);
    expect(await noticeLaunchThreshold(ctx)).toBe(2);
    expect(await noticeLaunchThreshold(ctx)).toBe(0);
    expect(await kinds(admin, 'launch_threshold')).toMatchObject([{ title: 'Raggiunta la soglia di lancio', link: '/dashboard/lancio' }]);
    expect(await kinds(editor, 'launch_threshold')).toHaveLength(0);
    expect(await ctx.db.mailMessage.count({ where: { idempotencyKey: { startsWith: 'notice:launch_threshold' } } })).toBe(0);
    ctx.mailEnabled = true;
  });
});
