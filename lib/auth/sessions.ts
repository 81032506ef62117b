import type { AppContext } from '../context';
import type { LoginMethod, Prisma } from '../generated/prisma/client';
import { KNOWN_NETWORK_MS } from './policy';
import { summariseUserAgent } from './user-agent';

type Tx = Pick<Prisma.TransactionClient, 'staffSession' | 'staffUser'>;

export const ipKey = (ctx: Pick<AppContext, 'cipher'>, ip: string): string => ctx.cipher.hmac(`ip:${ip}`);

/** Opens a session row (the cookie will carry its id) and forgets sessions too old to matter. */
export async function startSession(
  ctx: Pick<AppContext, 'cipher' | 'now'>,
  tx: Tx,
  /** userAgent: the request's User-Agent header; only its summary is kept (user-agent.ts). */
  input: { userId: string; method: LoginMethod; ip: string | null; userAgent?: string | null },
): Promise<{ id: string }> {
  const now = ctx.now();
  await tx.staffSession.deleteMany({ where: { staffUserId: input.userId, createdAt: { lt: new Date(now.getTime() - KNOWN_NETWORK_MS) } } });
  return tx.staffSession.create({
    data: {
      staffUserId: input.userId,
      method: input.method,
      ipHmac: input.ip ? ipKey(ctx, input.ip) : null,
      userAgent: summariseUserAgent(input.userAgent),
      createdAt: now,
      lastSeenAt: now,
    },
    select: { id: true },
  });
}

/**
 * Ends every session of a user (logout, password or role change, disabling, TOTP reset): the
 * version in their cookies no longer matches, and the rows are marked ended.
 * Returns the new session version. `keepSessionId` leaves the caller's own row open: its cookie is
 * re-issued with the new version (password change in this browser).
 */
export async function endUserSessions(ctx: Pick<AppContext, 'now'>, tx: Tx, userId: string, opts: { keepSessionId?: string } = {}): Promise<number> {
  const u = await tx.staffUser.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } }, select: { sessionVersion: true } });
  await tx.staffSession.updateMany({
    where: { staffUserId: userId, endedAt: null, ...(opts.keepSessionId ? { id: { not: opts.keepSessionId } } : {}) },
    data: { endedAt: ctx.now() },
  });
  return u.sessionVersion;
}

/**
 * Deletes session rows older than the known-network period, for every user (the worker's
 * maintenance, every 10 minutes): such a row has long passed the absolute time-out and no longer
 * vouches for a network, so its IP HMAC has no reason to be kept. `startSession` does the same for
 * one user (at login, so it holds even where no worker runs).
 */
export async function purgeOldSessions(ctx: Pick<AppContext, 'db' | 'now'>): Promise<number> {
  const { count } = await ctx.db.staffSession.deleteMany({ where: { createdAt: { lt: new Date(ctx.now().getTime() - KNOWN_NETWORK_MS) } } });
  return count;
}

/** Was there a successful login of this user from this network recently? */
export async function isKnownNetwork(ctx: Pick<AppContext, 'db' | 'cipher' | 'now'>, userId: string, ip: string | null): Promise<boolean> {
  if (!ip) return false;
  const since = new Date(ctx.now().getTime() - KNOWN_NETWORK_MS);
  const hit = await ctx.db.staffSession.findFirst({ where: { staffUserId: userId, ipHmac: ipKey(ctx, ip), createdAt: { gte: since } }, select: { id: true } });
  return hit !== null;
}
