import type { AppContext } from '../context';
import type { SubscriberRow } from './subscriber-changes';

/** Where a message to this subscriber goes: the number, or the BSUID of a username-only citizen. */
export function replyAddress(ctx: Pick<AppContext, 'cipher'>, s: Pick<SubscriberRow, 'phoneEnc' | 'waUserIdEnc'>): string | null {
  if (s.phoneEnc) return ctx.cipher.decrypt(s.phoneEnc);
  if (s.waUserIdEnc) return ctx.cipher.decrypt(s.waUserIdEnc);
  return null;
}
