import { z } from 'zod';
import { assertRole, type Actor } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError, invalidInput } from '../errors';
import { loadSettings } from '../settings/store';
import { unsubscribe } from '../subscriptions/subscriber-changes';
import { isUuid } from '../ids';

/** The optional note goes to the audit log, where numbers and names must never be: digit runs are refused. */
export const staffNoteSchema = z
  .string()
  .trim()
  .max(300, 'Al massimo 300 caratteri.')
  .refine((s) => !/\d[\d\s./-]{5,}\d/.test(s), 'Non scrivere numeri di telefono nella nota.')
  .optional();

export interface StaffUnsubscribeResult {
  previousStatus: 'ACTIVE' | 'PENDING';
}

const notFound = () => new AppError('not_found', 'Iscritto non trovato.');

/**
 * A citizen asks the URP (by phone, at the desk) to stop the messages. Same effect as "Cancellami"
 * on WhatsApp (lib/subscriptions/subscriber-changes.ts unsubscribe): name and number erased at once,
 * an OPT_OUT with channel STAFF in the consent ledger, nothing more sent. Recorded in the audit log
 * ('subscriber_unsubscribe') in the same transaction. Staff only (API keys cannot do it).
 */
export async function unsubscribeByStaff(
  ctx: AppContext,
  { actor, ...input }: { actor: Actor; subscriberId: string; note?: string; ip?: string | null },
): Promise<StaffUnsubscribeResult> {
  assertRole(actor, 'EDITOR');
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'Solo il personale può cancellare un iscritto.');
  const note = staffNoteSchema.safeParse(input.note || undefined);
  if (!note.success) {
    const message = note.error.issues[0]?.message ?? 'Nota non valida.';
    throw invalidInput(message, { note: [message] });
  }
  if (!isUuid(input.subscriberId)) throw notFound();
  const first = await ctx.db.subscriber.findUnique({ where: { id: input.subscriberId }, select: { phoneHmac: true, waUserIdHmac: true } });
  if (!first) throw notFound();
  const settings = await loadSettings(ctx.db);

  return ctx.db.$transaction(async (tx) => {
    // The same per-person lock as the WhatsApp commands: a "Iscrivimi" arriving now waits for us.
    // Number and BSUID locks in the same order as there (a username-only citizen has only the latter).
    const keys = [first.phoneHmac, first.waUserIdHmac].filter((k): k is string => k !== null).sort();
    for (const key of keys) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
    const s = await tx.subscriber.findUnique({ where: { id: input.subscriberId } });
    if (!s) throw notFound();
    if (s.status === 'UNSUBSCRIBED') throw new AppError('conflict', 'Questa persona risulta già cancellata.');
    await unsubscribe(ctx, tx, s, 'STAFF', `staff:${actor.email}`, settings);
    await recordAudit(ctx, tx, {
      actor,
      action: 'subscriber_unsubscribe',
      target: `subscriber:${s.id}`,
      details: { subscriberId: s.id, previousStatus: s.status, ...(note.data ? { note: note.data } : {}) },
      ip: input.ip ?? undefined,
    });
    return { previousStatus: s.status };
  });
}
