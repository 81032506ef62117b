import type { AppContext } from '../context';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from './policy';
import type { StaffActor } from './session-check';

export interface OwnSession {
  id: string;
  method: 'PASSWORD' | 'OIDC';
  createdAt: Date;
  lastSeenAt: Date;
  /** "Firefox su Linux" (user-agent.ts), null when the browser sent none. */
  userAgent: string | null;
  /** The session of this very request. */
  current: boolean;
}

/**
 * The profile's "Sessioni aperte": the actor's sessions that would still be accepted (not ended,
 * neither time-out passed), most recently used first. No IP is shown: only its keyed HMAC is kept.
 */
export async function listOwnSessions(
  ctx: Pick<AppContext, 'db' | 'now'>,
  { actor, currentSessionId }: { actor: StaffActor; currentSessionId: string },
): Promise<OwnSession[]> {
  const now = ctx.now().getTime();
  const rows = await ctx.db.staffSession.findMany({
    where: {
      staffUserId: actor.id,
      endedAt: null,
      createdAt: { gt: new Date(now - SESSION_ABSOLUTE_MS) },
      lastSeenAt: { gt: new Date(now - SESSION_IDLE_MS) },
    },
    orderBy: [{ lastSeenAt: 'desc' }, { createdAt: 'desc' }],
    select: { id: true, method: true, createdAt: true, lastSeenAt: true, userAgent: true },
  });
  return rows.map((r) => ({ ...r, current: r.id === currentSessionId }));
}
