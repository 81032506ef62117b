/**
 * Tells staff that an alert stopped going out (issue 12): paused by the sender on a Meta error, held
 * for its template's category (`template_category:*`) or for the number's quality
 * (`number_quality:*`). Admins and the alert's author get a notice on the dashboard and, if they
 * want it, an e-mail. Called inside the transaction that paused the alert, which changes it only
 * once (`WHERE status = 'SENDING'`), so one event is one notice however many workers saw it.
 */
import type { Prisma } from '../generated/prisma/client';
import { notifyStaff, type NoticeContext } from '../notifications/notify-staff';

export async function notifyAlertHeld(
  ctx: NoticeContext,
  tx: Prisma.TransactionClient,
  o: {
    alertId: string;
    at: Date;
    /** Italian, for staff: why it stopped (describeHold's wording, or the sender's pause reason). */
    why: string;
    /** A hold (template category, number quality) rather than a pause on a Meta error. */
    held: boolean;
  },
): Promise<number> {
  const alert = await tx.alert.findUnique({ where: { id: o.alertId }, select: { title: true, createdById: true } });
  if (!alert) return 0;
  const held = o.held;
  const why = o.why;
  return notifyStaff(ctx, tx, {
    kind: 'alert_held',
    eventKey: `held:${o.alertId}:${o.at.toISOString()}`,
    title: `${held ? 'Avviso trattenuto' : 'Avviso in pausa'}: ${alert.title}`,
    body: `L'avviso "${alert.title}" ${held ? 'è trattenuto e non viene inviato' : 'è stato messo in pausa durante l’invio'}. ${why}`,
    link: `/dashboard/avvisi/${o.alertId}`,
    roles: ['ADMIN'],
    alsoUserIds: [alert.createdById],
  });
}
