import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import type { StaffActor } from './session-check';

/**
 * "Termina le altre": ends every session of the actor except the current one (a browser left
 * signed in elsewhere). The current cookie stays valid: the session version is not bumped, the
 * other rows are marked ended, which checkSession refuses at their next request.
 */
export async function endOtherOwnSessions(
  ctx: AppContext,
  { actor, currentSessionId, ip }: { actor: StaffActor; currentSessionId: string; ip: string | null },
): Promise<{ ended: number }> {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.staffSession.updateMany({
      where: { staffUserId: actor.id, endedAt: null, id: { not: currentSessionId } },
      data: { endedAt: ctx.now() },
    });
    await recordAudit(ctx, tx, { actor, action: 'session_end', details: { which: 'others', ended: count }, ip: ip ?? undefined });
    return { ended: count };
  });
}
