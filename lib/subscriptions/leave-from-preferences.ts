import type { AppContext } from '../context';
import { enqueueMessage } from '../outbox/enqueue';
import { loadSettings } from '../settings/store';
import { lockOpenLink } from './preference-link';
import { replyAddress } from './reply-address';
import { replyText } from './replies';
import { unsubscribe } from './subscriber-changes';

/**
 * "Cancellami dal servizio" on the preferences page: the same unsubscription as "Cancellami" in the
 * chat (name, number, choices and links erased at once; consent ledger, channel WEB),
 * and the usual confirmation on WhatsApp. false when the link no longer opens anything.
 */
export async function leaveFromPreferences(ctx: AppContext, input: { token: unknown }): Promise<boolean> {
  const settings = await loadSettings(ctx.db);
  return ctx.db.$transaction(async (tx) => {
    const link = await lockOpenLink(ctx, tx, input.token);
    if (!link) return false;
    const s = await tx.subscriber.findUniqueOrThrow({ where: { id: link.subscriberId } });
    // The address first: the unsubscription erases it.
    const to = replyAddress(ctx, s);
    if (to) {
      await enqueueMessage(tx, ctx.cipher, {
        idempotencyKey: `preferences-leave:${link.linkId}`,
        to,
        purpose: 'reply',
        subscriberId: null,
        content: { type: 'text', body: replyText(settings, 'replyUnsubscribed') },
      });
    }
    // Erases the person's links with the rest: this one opens nothing any more.
    await unsubscribe(ctx, tx, s, 'WEB', `preferences link ${link.linkId}`, settings, ctx.now());
    return true;
  });
}
