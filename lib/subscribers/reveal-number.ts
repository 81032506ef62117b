import { assertRole, type Actor } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { isUuid } from '../ids';

const notFound = () => new AppError('not_found', 'Iscritto non trovato.');

/**
 * Shows an admin the full number of one subscriber. The audit entry ('number_reveal', the
 * subscriber id — never the number) is written before the number is returned: no record, no
 * number. The caller shows it once and never stores it.
 */
export async function revealNumber(
  ctx: AppContext,
  { actor, ...input }: { actor: Actor; subscriberId: string; ip?: string | null },
): Promise<{ number: string }> {
  assertRole(actor, 'ADMIN');
  if (!isUuid(input.subscriberId)) throw notFound();
  const s = await ctx.db.subscriber.findUnique({ where: { id: input.subscriberId }, select: { id: true, phoneEnc: true, waUserIdEnc: true } });
  if (!s) throw notFound();
  // A username-only citizen has no number; their WhatsApp user id is not revealed either: nobody
  // can call or recognise it, so showing it would only spread personal data.
  if (!s.phoneEnc && s.waUserIdEnc) {
    throw new AppError('not_found', 'Questa persona usa un nome utente WhatsApp senza numero: non c’è un numero da mostrare.');
  }
  if (!s.phoneEnc) throw new AppError('not_found', 'Il numero non è più conservato: la persona si è cancellata.');
  await recordAudit(ctx, ctx.db, {
    actor,
    action: 'number_reveal',
    target: `subscriber:${s.id}`,
    details: { subscriberId: s.id },
    ip: input.ip ?? undefined,
  });
  return { number: ctx.cipher.decrypt(s.phoneEnc) };
}
