import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import type { StaffActor } from './session-check';
import { endUserSessions } from './sessions';

/**
 * "Esci" ends every session of the user, not only this browser's: on a shared office computer
 * that is what people expect, and it is the only way to close a session left open elsewhere.
 */
export async function logoutStaff(ctx: AppContext, { actor, ip }: { actor: StaffActor; ip: string | null }): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await endUserSessions(ctx, tx, actor.id);
    await recordAudit(ctx, tx, { actor, action: 'logout', ip: ip ?? undefined });
  });
}
