import nodemailer from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared/index.js';
import type { AppContext } from '../context';
import type { SmtpConfig } from '../env';
import { backoffMs } from './send-outbox';

const LEASE = '120 seconds';
export const MAIL_MAX_ATTEMPTS = 10;

/** What the worker needs to send one mail: nodemailer over SMTP in production and in tests. */
export interface Mailer {
  send(mail: { to: string; subject: string; text: string }): Promise<void>;
  close(): void;
}

/**
 * A nodemailer SMTP transport from SMTP_* (lib/env.ts): a small pool of kept-alive connections, so
 * a backlog (the SMTP server was down for an hour) goes out at the server's pace, not one TCP and
 * AUTH handshake per mail; connection, greeting and socket timeouts bound every send, also when the
 * settings come as an smtp:// URL (nodemailer ignores other options next to a URL, so it is parsed
 * here; its query options, e.g. `?tls.rejectUnauthorized=false`, still apply).
 */
export function createSmtpMailer(config: SmtpConfig, opts: { timeoutMs?: number } = {}): Mailer {
  const timeout = opts.timeoutMs ?? 30_000;
  const base = typeof config.transport === 'string' ? parseConnectionUrl(config.transport) : config.transport;
  const transport = nodemailer.createTransport({
    ...base,
    pool: true,
    maxConnections: 2,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: config.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}

interface Claimed {
  id: string;
  to_email: string;
  subject: string;
  body_text: string | null;
  attempts: number;
}

/** SMTP answers 5xx for a permanent refusal (unknown mailbox, policy): sending again will not help. */
function permanent(e: unknown): boolean {
  const code = (e as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Sends queued mails. A row is leased while it is sent; a worker that dies lets the lease expire and
 * another sends it (a mail in flight at the crash may arrive twice, never zero times). A failure is
 * retried with backoff (server down, 4xx) until MAIL_MAX_ATTEMPTS; a permanent refusal (5xx) fails
 * at once. The body is erased once the mail is sent or has failed. Mails never tried go first (oldest
 * first among them), then retries: after an outage the backlog does not hold back a password-reset
 * link somebody is waiting for.
 */
export async function sendMailBatch(ctx: AppContext, mailer: Mailer, limit = 10): Promise<number> {
  const { rows } = await ctx.pool.query<Claimed>(
    `UPDATE mail_messages SET status = 'SENDING', attempts = attempts + 1, locked_until = now() + interval '${LEASE}', updated_at = now()
      WHERE id IN (SELECT id FROM mail_messages
                    WHERE (status = 'QUEUED' AND available_at <= now()) OR (status = 'SENDING' AND locked_until < now())
                    ORDER BY attempts, id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, to_email, subject, body_text, attempts`,
    [limit],
  );
  // RETURNING keeps no order: the claim's order again (first tries, then retries, oldest first).
  rows.sort((a, b) => a.attempts - b.attempts || Number(BigInt(a.id) - BigInt(b.id)));
  for (const row of rows) await sendOne(ctx, mailer, row);
  return rows.length;
}

async function sendOne(ctx: AppContext, mailer: Mailer, row: Claimed): Promise<void> {
  try {
    await mailer.send({ to: row.to_email, subject: row.subject, text: row.body_text ?? '' });
    await ctx.pool.query(
      `UPDATE mail_messages SET status = 'SENT', sent_at = now(), locked_until = NULL, body_text = NULL, error_detail = NULL, updated_at = now() WHERE id = $1`,
      [row.id],
    );
  } catch (e) {
    const detail = (e as Error).message.slice(0, 500);
    if (!permanent(e) && row.attempts < MAIL_MAX_ATTEMPTS) {
      const delay = backoffMs(row.attempts);
      ctx.log.warn('mail not sent, will retry', { id: row.id, attempts: row.attempts, retryInMs: delay, error: detail });
      await ctx.pool.query(
        `UPDATE mail_messages SET status = 'QUEUED', locked_until = NULL, available_at = now() + ($2::int * interval '1 millisecond'),
                error_detail = $3, updated_at = now() WHERE id = $1`,
        [row.id, delay, detail],
      );
      return;
    }
    ctx.log.warn('mail failed', { id: row.id, attempts: row.attempts, error: detail });
    await ctx.pool.query(
      `UPDATE mail_messages SET status = 'FAILED', locked_until = NULL, body_text = NULL, error_detail = $2, updated_at = now() WHERE id = $1`,
      [row.id, detail],
    );
  }
}
