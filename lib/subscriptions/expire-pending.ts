import type { AppContext } from '../context';

/**
 * Unconfirmed requests are deleted after 48 h. A returning person who never confirmed goes back
 * to the bare opt-out record; an active subscriber only loses the unconfirmed change.
 */
export async function expirePendingRequests(ctx: AppContext): Promise<{ deleted: number; reverted: number; cleared: number }> {
  const now = ctx.now();
  const due = { pendingExpiresAt: { lt: now } };
  return ctx.db.$transaction(async (tx) => {
    const deleted = await tx.subscriber.deleteMany({ where: { ...due, status: 'PENDING', unsubscribedAt: null } });
    const reverted = await tx.subscriber.updateMany({
      where: { ...due, status: 'PENDING', unsubscribedAt: { not: null } },
      data: {
        status: 'UNSUBSCRIBED',
        phoneEnc: null,
        waUserIdEnc: null,
        firstNameEnc: null,
        lastNameEnc: null,
        confirmationCode: null,
        pendingTopicIds: [],
        pendingExpiresAt: null,
        awaitingName: false,
      },
    });
    const cleared = await tx.subscriber.updateMany({
      where: { ...due, status: 'ACTIVE' },
      data: { confirmationCode: null, pendingTopicIds: [], pendingExpiresAt: null },
    });
    return { deleted: deleted.count, reverted: reverted.count, cleared: cleared.count };
  });
}
