import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseEnv } from '../env';
import { createTestContext, type TestContext } from '../testing/test-context';
import { startLocalSmtp, type LocalSmtp } from '../testing/smtp-server';
import { enqueueMail, MailContentRefused } from './enqueue-mail';
import { createSmtpMailer, MAIL_MAX_ATTEMPTS, sendMailBatch, type Mailer } from './send-mail';
import { purgeFinishedMail } from './purge-mail';

let ctx: TestContext;
let smtp: LocalSmtp;
let mailer: Mailer;

beforeAll(async () => {
  ctx = await createTestContext({ seed: false });
  smtp = await startLocalSmtp();
  mailer = createSmtpMailer({ transport: smtp.url, from: 'Avvisi del Comune <avvisi@comune.example.it>' }, { timeoutMs: 3000 });
});
afterAll(async () => {
  mailer.close();
  await smtp.close();
  await ctx.close();
});
beforeEach(async () => {
  smtp.received.length = 0;
  smtp.mode = 'ok';
  await ctx.pool.query('DELETE FROM mail_messages');
});

const row = async (key: string) =>
  (
    await ctx.pool.query<{ status: string; attempts: number; body_text: string | null; error_detail: string | null }>(
      'SELECT status, attempts, body_text, error_detail FROM mail_messages WHERE idempotency_key = $1',
      [key],
    )
  ).rows[0];

describe('mail outbox over real SMTP', () => {
  it('sends a queued mail through the SMTP server, once, and erases its body', async () => {
    await ctx.db.$transaction((tx) =>
      enqueueMail(tx, { idempotencyKey: 'k1', to: 'editor@comune.example.it', subject: 'Avviso da approvare', text: 'Apri https://x.example/a/1' }),
    );
    expect(await sendMailBatch(ctx, mailer)).toBe(1);
    const mail = (await smtp.waitFor(1))[0]!;
    expect(mail.to).toEqual(['editor@comune.example.it']);
    expect(mail.from).toBe('avvisi@comune.example.it');
    expect(mail.raw).toContain('Subject: Avviso da approvare');
    expect(mail.raw).toContain('Apri https://x.example/a/1');
    expect(await row('k1')).toMatchObject({ status: 'SENT', attempts: 1, body_text: null });
    expect(await sendMailBatch(ctx, mailer)).toBe(0);
    expect(smtp.received).toHaveLength(1);
  });

  it('the same event twice (two workers) writes one mail', async () => {
    const req = { idempotencyKey: 'dup', to: 'a@comune.example.it', subject: 'S', text: 'T' };
    expect(await enqueueMail(ctx.db, req)).toBe(true);
    expect(await enqueueMail(ctx.db, req)).toBe(false);
    expect((await ctx.pool.query('SELECT 1 FROM mail_messages')).rowCount).toBe(1);
  });

  it('a temporary refusal keeps the mail queued and it goes out on the next try', async () => {
    await enqueueMail(ctx.db, { idempotencyKey: 'tmp', to: 'a@comune.example.it', subject: 'S', text: 'T' });
    smtp.mode = 'temporary';
    await sendMailBatch(ctx, mailer);
    expect(await row('tmp')).toMatchObject({ status: 'QUEUED', attempts: 1, body_text: 'T' });
    expect((await row('tmp'))!.error_detail).toMatch(/451/);
    smtp.mode = 'ok';
    await ctx.pool.query(`UPDATE mail_messages SET available_at = now() - interval '1 second'`);
    await sendMailBatch(ctx, mailer);
    expect(await row('tmp')).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(smtp.received).toHaveLength(1);
  });

  it('a server that is down loses nothing: the mail waits, then gives up after the last attempt', async () => {
    const down = createSmtpMailer({ transport: { host: '127.0.0.1', port: 9, secure: false }, from: 'avvisi@comune.example.it' }, { timeoutMs: 1000 });
    await enqueueMail(ctx.db, { idempotencyKey: 'down', to: 'a@comune.example.it', subject: 'S', text: 'T' });
    await sendMailBatch(ctx, down);
    expect(await row('down')).toMatchObject({ status: 'QUEUED', attempts: 1, body_text: 'T' });
    await ctx.pool.query(`UPDATE mail_messages SET attempts = $1, available_at = now() - interval '1 second'`, [MAIL_MAX_ATTEMPTS - 1]);
    await sendMailBatch(ctx, down);
    expect(await row('down')).toMatchObject({ status: 'FAILED', body_text: null });
    down.close();
  });

  it('after an outage a mail never tried goes before the backlog of retries', async () => {
    for (let i = 0; i < 12; i++) await enqueueMail(ctx.db, { idempotencyKey: `old${i}`, to: 'a@comune.example.it', subject: `Vecchio ${i}`, text: 'T' });
    // The backlog: every old mail failed once while the server was down and is due again now.
    await ctx.pool.query(`UPDATE mail_messages SET attempts = 1, available_at = now() - interval '1 second'`);
    await enqueueMail(ctx.db, { idempotencyKey: 'reset', to: 'b@comune.example.it', subject: 'Scegli una nuova password', text: 'T' });
    expect(await sendMailBatch(ctx, mailer, 5)).toBe(5);
    const mails = await smtp.waitFor(5);
    expect(mails[0]!.to).toEqual(['b@comune.example.it']);
    expect(mails.slice(1).map((m) => /Subject: (.*)/.exec(m.raw)?.[1]?.trim())).toEqual(['Vecchio 0', 'Vecchio 1', 'Vecchio 2', 'Vecchio 3']);
    while ((await sendMailBatch(ctx, mailer, 5)) > 0);
    expect(smtp.received).toHaveLength(13);
  });

  it('a permanent refusal (5xx) fails at once', async () => {
    await enqueueMail(ctx.db, { idempotencyKey: 'perm', to: 'nobody@comune.example.it', subject: 'S', text: 'T' });
    smtp.mode = 'permanent';
    await sendMailBatch(ctx, mailer);
    expect(await row('perm')).toMatchObject({ status: 'FAILED', attempts: 1, body_text: null });
  });

  it('a mail carrying something like a phone number is refused and nothing is written', async () => {
    await expect(
      enqueueMail(ctx.db, { idempotencyKey: 'ph', to: 'a@comune.example.it', subject: 'Iscritto', text: 'Numero +39 320 432 1474' }),
    ).rejects.toBeInstanceOf(MailContentRefused);
    await expect(enqueueMail(ctx.db, { idempotencyKey: 'ph2', to: 'a@comune.example.it', subject: 'Da 3204321474', text: 'x' })).rejects.toBeInstanceOf(
      MailContentRefused,
    );
    expect((await ctx.pool.query('SELECT 1 FROM mail_messages')).rowCount).toBe(0);
    // Ids inside links and small numbers are fine.
    expect(
      await enqueueMail(ctx.db, { idempotencyKey: 'ok', to: 'a@comune.example.it', subject: '1200 iscritti', text: 'https://x.example/alerts/20261204190000' }),
    ).toBe(true);
  });

  it('SMTP_HOST settings from the environment reach the server with login', async () => {
    const env = parseEnv({
      DEMO_MODE: 'true',
      DATABASE_URL: 'postgresql://x@localhost/x',
      DATA_ENCRYPTION_KEY: 'a'.repeat(64),
      AUTH_SECRET: 's'.repeat(40),
      WHATSAPP_APP_SECRET: 'x',
      WHATSAPP_VERIFY_TOKEN: 'y',
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtp.port),
      SMTP_SECURE: 'false',
      SMTP_USER: 'banditore',
      SMTP_PASSWORD: 'segreto',
      SMTP_FROM: 'avvisi@comune.example.it',
    });
    expect(env.smtp).not.toBeNull();
    const m = createSmtpMailer(env.smtp!, { timeoutMs: 3000 });
    await enqueueMail(ctx.db, { idempotencyKey: 'env', to: 'b@comune.example.it', subject: 'Da env', text: 'T' });
    await sendMailBatch(ctx, m);
    m.close();
    expect((await smtp.waitFor(1))[0]!.to).toEqual(['b@comune.example.it']);
  });

  it('purges sent and failed mails older than the retention, never queued ones', async () => {
    for (const [key, status] of [
      ['old-sent', 'SENT'],
      ['old-failed', 'FAILED'],
      ['old-queued', 'QUEUED'],
      ['new-sent', 'SENT'],
    ] as const) {
      await enqueueMail(ctx.db, { idempotencyKey: key, to: 'a@comune.example.it', subject: 'S', text: 'T' });
      await ctx.pool.query(`UPDATE mail_messages SET status = $2, updated_at = $3 WHERE idempotency_key = $1`, [
        key,
        status,
        key.startsWith('old') ? new Date('2026-01-01T00:00:00Z') : new Date(),
      ]);
    }
    expect(await purgeFinishedMail(ctx.pool, new Date('2026-06-01T00:00:00Z'))).toBe(2);
    const left = await ctx.pool.query<{ idempotency_key: string }>('SELECT idempotency_key FROM mail_messages ORDER BY idempotency_key');
    expect(left.rows.map((r) => r.idempotency_key)).toEqual(['new-sent', 'old-queued']);
  });
});
