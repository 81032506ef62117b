import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { enqueueMail, MailContentRefused } from '../outbox/enqueue-mail';
import type { NoticeKind } from './kinds';

export interface StaffNoticeInput {
  kind: NoticeKind;
  /** One per event, e.g. `approval:<alert id>:<time>`: the same event noticed twice (two workers) notifies once. */
  eventKey: string;
  /** Staff-facing facts only (alert titles, template names, counts): never a citizen's number or name. */
  title: string;
  body: string;
  /** Path inside the dashboard, e.g. `/dashboard/avvisi/<id>`. */
  link?: string;
  /** Not told (e.g. the editor who asked for the approval). */
  exceptUserId?: string | null;
  /** Who is told: every active staff member with one of these roles (default: editors and admins)... */
  roles?: readonly ('EDITOR' | 'ADMIN')[];
  /** ...and these people too, whatever their role (e.g. the alert's author); disabled accounts never. */
  alsoUserIds?: readonly (string | null | undefined)[];
}

type Tx = Prisma.TransactionClient;
/** What notifying needs of the context (the delivery code passes a narrower one than AppContext). */
export type NoticeContext = Pick<AppContext, 'publicUrl' | 'mailEnabled'>;

/**
 * Tells the active staff of the chosen roles (default editors and admins), and the people named,
 * about an event: a notice on their dashboard and, when SMTP is
 * configured (ctx.mailEnabled) and they have not opted out of the kind, an e-mail through the mail
 * outbox. Runs inside the caller's transaction, so the notice exists exactly when the event does;
 * (person, event key) is unique, so a repeated event writes nothing new and mails nobody twice.
 * Returns how many people were newly told.
 */
export async function notifyStaff(ctx: NoticeContext, tx: Tx, n: StaffNoticeInput): Promise<number> {
  const roles = [...(n.roles ?? ['EDITOR', 'ADMIN'])];
  const also = (n.alsoUserIds ?? []).filter((id): id is string => typeof id === 'string');
  const told = await tx.$queryRaw<{ user_id: string; email: string; opted_out: boolean }[]>`
    WITH inserted AS (
      INSERT INTO staff_notices (user_id, kind, event_key, title, body, href)
      SELECT u.id, ${n.kind}, ${n.eventKey}, ${n.title}, ${n.body}, ${n.link ?? null}
        FROM staff_users u
       WHERE NOT u.disabled AND (u.role::text = ANY(${roles}::text[]) OR u.id = ANY(${also}::uuid[]))
         AND u.id IS DISTINCT FROM ${n.exceptUserId ?? null}::uuid
      ON CONFLICT (user_id, event_key) DO NOTHING
      RETURNING user_id)
    SELECT i.user_id::text, u.email,
           EXISTS (SELECT 1 FROM staff_notice_mail_opt_outs o WHERE o.user_id = i.user_id AND o.kind = ${n.kind}) AS opted_out
      FROM inserted i JOIN staff_users u ON u.id = i.user_id`;
  if (ctx.mailEnabled) {
    const link = n.link ? `${ctx.publicUrl}${n.link}` : ctx.publicUrl;
    for (const person of told) {
      if (person.opted_out) continue;
      const mail = {
        idempotencyKey: `notice:${n.eventKey}:${person.user_id}`,
        to: person.email,
        subject: `[Banditore] ${n.title}`,
        text: `${n.body}\n\n${link}\n\nPuoi scegliere quali avvisi ricevere per e-mail nel tuo profilo: ${ctx.publicUrl}/dashboard/profilo`,
      };
      try {
        await enqueueMail(tx, mail);
      } catch (e) {
        if (!(e instanceof MailContentRefused)) throw e;
        // Something number-like in a staff-written title: the mail says only where to look.
        await enqueueMail(tx, { ...mail, subject: '[Banditore] Nuova notifica', text: `C'è una nuova notifica nel pannello: ${link}` });
      }
    }
  }
  return told.length;
}

/** An alert waits for a second editor (send now or schedule under the four-eyes rule): tell the others. */
export function notifyApprovalRequested(
  ctx: NoticeContext,
  tx: Tx,
  o: { alert: { id: string; title: string }; at: Date; requestedBy: string | null },
): Promise<number> {
  return notifyStaff(ctx, tx, {
    kind: 'approval_requested',
    eventKey: `approval:${o.alert.id}:${o.at.toISOString()}`,
    title: `Avviso da approvare: ${o.alert.title}`,
    body: `L'avviso "${o.alert.title}" aspetta l'approvazione di un secondo redattore.`,
    link: `/dashboard/avvisi/${o.alert.id}`,
    exceptUserId: o.requestedBy,
  });
}
