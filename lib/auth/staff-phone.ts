import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { invalidInput } from '../errors';
import { maskPhone, normalisePhone } from '../subscriptions/phone';
import type { StaffActor } from './session-check';

/**
 * A staff member's own mobile number, for "send a test" of an alert. Stored encrypted like every
 * number; the audit records that it changed, never the number.
 */
export async function setOwnPhone(ctx: AppContext, { actor, phone }: { actor: StaffActor; phone: string }): Promise<{ masked: string | null }> {
  const text = phone.trim();
  const e164 = text === '' ? null : normalisePhone(text);
  if (text !== '' && !e164) {
    const message = 'Scrivi un numero di cellulare valido, ad esempio 333 123 4567 (con il prefisso se non è italiano).';
    throw invalidInput(message, { phone: [message] });
  }
  await ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: actor.id }, data: { phoneEnc: e164 ? ctx.cipher.encrypt(e164) : null } });
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: actor.id, details: { field: 'phone', to: e164 ? 'set' : 'removed' } });
  });
  return { masked: e164 ? maskPhone(e164) : null };
}

/** The E.164 number for a test send, or null when the user has not set one. */
export async function getStaffPhone(ctx: Pick<AppContext, 'db' | 'cipher'>, userId: string): Promise<string | null> {
  const u = await ctx.db.staffUser.findUnique({ where: { id: userId }, select: { phoneEnc: true } });
  return u?.phoneEnc ? ctx.cipher.decrypt(u.phoneEnc) : null;
}

export async function getOwnPhoneMasked(ctx: Pick<AppContext, 'db' | 'cipher'>, userId: string): Promise<string | null> {
  const phone = await getStaffPhone(ctx, userId);
  return phone ? maskPhone(phone) : null;
}
