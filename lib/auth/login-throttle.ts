import type { AppContext } from '../context';
import { hitRateLimit } from '../security/rate-limit';
import { backoffMs, IP_LIMIT } from './policy';
import { ipKey, isKnownNetwork } from './sessions';

/**
 * Two brakes on password guessing:
 * - per client IP, failed attempts in a fixed window shared by every process (rate_limits table);
 * - per account, an exponential wait after a few failures (30 s, 1, 2, 4, 8, then 15 min at most),
 *   cleared by a successful login. While the account waits, attempts are refused without looking
 *   at the password, except from a network the user recently signed in from: so someone guessing
 *   from elsewhere slows themselves down but cannot keep the real user out.
 */
const ipRule = (ctx: Pick<AppContext, 'cipher'>, ip: string | null) => ({ key: `login:ip:${ipKey(ctx, ip ?? 'unknown')}`, ...IP_LIMIT });

/**
 * Only failures count against the IP (an office full of colleagues signing in every morning, or a
 * test suite, never trips it); the check happens before any password is looked at.
 */
export async function checkIpLimit(ctx: Pick<AppContext, 'pool' | 'cipher' | 'now'>, ip: string | null): Promise<{ allowed: boolean; retryAfter: number }> {
  const rule = ipRule(ctx, ip);
  const windowMs = rule.windowSeconds * 1000;
  const now = ctx.now().getTime();
  const start = Math.floor(now / windowMs) * windowMs;
  const { rows } = await ctx.pool.query<{ count: number }>('SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2', [rule.key, new Date(start)]);
  const count = rows[0]?.count ?? 0;
  return { allowed: count < rule.limit, retryAfter: Math.max(1, Math.ceil((start + windowMs - now) / 1000)) };
}

export async function countIpFailure(ctx: Pick<AppContext, 'pool' | 'cipher' | 'now'>, ip: string | null): Promise<void> {
  await hitRateLimit(ctx.pool, ipRule(ctx, ip), ctx.now());
}

export async function isAccountWaiting(
  ctx: Pick<AppContext, 'db' | 'cipher' | 'now'>,
  user: { id: string; lockedUntil: Date | null },
  ip: string | null,
): Promise<boolean> {
  if (!user.lockedUntil || user.lockedUntil.getTime() <= ctx.now().getTime()) return false;
  return !(await isKnownNetwork(ctx, user.id, ip));
}

export async function recordFailure(ctx: Pick<AppContext, 'db' | 'now'>, userId: string): Promise<{ failures: number; lockedUntil: Date | null }> {
  const u = await ctx.db.staffUser.update({ where: { id: userId }, data: { failedLogins: { increment: 1 } }, select: { failedLogins: true } });
  const wait = backoffMs(u.failedLogins);
  const lockedUntil = wait > 0 ? new Date(ctx.now().getTime() + wait) : null;
  if (lockedUntil) await ctx.db.staffUser.update({ where: { id: userId }, data: { lockedUntil } });
  return { failures: u.failedLogins, lockedUntil };
}
