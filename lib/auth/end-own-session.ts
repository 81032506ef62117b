import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError } from '../errors';
import type { StaffActor } from './session-check';

/**
 * "Termina questa sessione": ends one of the actor's own sessions (their current one included; the
 * caller then clears the cookie). The row is marked ended, and checkSession refuses the next
 * request carrying it, whichever browser or API client holds it. Someone else's session, or one
 * already ended, is not found.
 */
export async function endOwnSession(
  ctx: AppContext,
  { actor, sessionId, currentSessionId, ip }: { actor: StaffActor; sessionId: string; currentSessionId: string; ip: string | null },
): Promise<{ current: boolean }> {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.staffSession.updateMany({ where: { id: sessionId, staffUserId: actor.id, endedAt: null }, data: { endedAt: ctx.now() } });
    if (count !== 1) throw new AppError('not_found', 'Questa sessione è già terminata.');
    const current = sessionId === currentSessionId;
    await recordAudit(ctx, tx, { actor, action: 'session_end', target: sessionId, details: { which: current ? 'current' : 'one' }, ip: ip ?? undefined });
    return { current };
  });
}
