import type { Prisma } from '../generated/prisma/client';

export const MAIL_CHANNEL = 'banditore_mail';

export interface MailRequest {
  /** Unique per event, e.g. `approval:<alert id>:<user id>`: several workers noticing it write one mail. */
  idempotencyKey: string;
  /** A staff member's address (users.email). */
  to: string;
  subject: string;
  text: string;
}

/** Anything that looks like a phone number: 8 or more digits, optionally grouped or with a leading '+'. */
const PHONE_LIKE = /(?:\+|\b00)?\d(?:[\s./-]?\d){7,}/;

export class MailContentRefused extends Error {
  constructor(what: string) {
    super(`mail refused: the ${what} looks like it holds a phone number (staff mails never carry citizens' data)`);
    this.name = 'MailContentRefused';
  }
}

/**
 * Refuses a mail whose subject or text holds something like a phone number. Mails are built from
 * staff-facing facts (alert titles, template names, counts, links): a citizen's number or name never
 * belongs there, and this guard catches a number that slipped in. Links are checked without their
 * path ids (UUIDs and tokens hold digit runs that are not numbers).
 */
export function assertNoCitizenData(req: Pick<MailRequest, 'subject' | 'text'>): void {
  const withoutLinks = (s: string) => s.replace(/https?:\/\/\S+/g, '');
  if (PHONE_LIKE.test(withoutLinks(req.subject))) throw new MailContentRefused('subject');
  if (PHONE_LIKE.test(withoutLinks(req.text))) throw new MailContentRefused('text');
}

type Tx = Pick<Prisma.TransactionClient, 'mailMessage' | '$executeRaw'>;

/**
 * Writes a mail to the outbox inside the caller's transaction; the worker sends it after the commit
 * (lib/outbox/send-mail.ts). The same idempotency key twice writes one mail. Returns whether this
 * call wrote it.
 */
export async function enqueueMail(tx: Tx, req: MailRequest): Promise<boolean> {
  assertNoCitizenData(req);
  const { count } = await tx.mailMessage.createMany({
    data: [{ idempotencyKey: req.idempotencyKey, toEmail: req.to, subject: req.subject, bodyText: req.text }],
    skipDuplicates: true,
  });
  if (count > 0) await tx.$executeRaw`SELECT pg_notify(${MAIL_CHANNEL}, '')`;
  return count > 0;
}
