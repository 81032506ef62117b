import type { AppContext } from '../context';
import { reserveRateLimit, type RateReservation, type RateRule } from '../security/rate-limit';
import { BACKOFF_BASE_MS, BACKOFF_CAP_MS, FREE_FAILURES, IP_LIMIT, REAUTH_SESSION_LIMIT, TICKET_CODE_ATTEMPTS, UNKNOWN_EMAIL_LIMIT } from './policy';
import { ipKey, isKnownNetwork } from './sessions';

/**
 * The brakes on guessing passwords and codes. Every one of them COUNTS BEFORE IT VERIFIES: one
 * atomic statement reserves an attempt and returns the new count, and only an attempt whose
 * reservation is within the limit is verified at all. So 50 parallel guesses get 50 distinct
 * counts and at most the allowed number of them reach argon2 or the TOTP check (the old
 * check-then-act let a whole burst through before the first failure was stored).
 *
 * - Per client IP: attempts in a fixed window shared by every process (rate_limits). A success
 *   gives its reservation back, so only failures use the budget (an office, or a test suite, full
 *   of colleagues signing in every morning never trips it).
 * - Per account: staff_users.failed_logins, reserved with one UPDATE … RETURNING that also sets the
 *   exponential wait (30 s, 1, 2, 4, 8, then 15 min at most) from the (FREE_FAILURES+1)-th attempt;
 *   while the account waits the UPDATE matches nothing and the attempt is refused unverified. A
 *   success resets it. The exception: a network (IP HMAC) the user signed in from recently may try
 *   while the account waits, so strangers cannot lock the user out of their office.
 * - Per login ticket (code step) and per session (re-authentication): rate_limits counters.
 */
const ipRule = (ctx: Pick<AppContext, 'cipher'>, ip: string | null): RateRule => ({ key: `login:ip:${ipKey(ctx, ip ?? 'unknown')}`, ...IP_LIMIT });

type Ctx = Pick<AppContext, 'pool' | 'cipher' | 'now'>;

/** Reserve one attempt for this client IP; `release()` it when the login succeeds. */
export async function reserveIpAttempt(ctx: Ctx, ip: string | null): Promise<RateReservation> {
  return reserveRateLimit(ctx.pool, ipRule(ctx, ip), ctx.now());
}

/**
 * An email without an account has no row to count on: this counter stands in for it, so after the
 * same number of attempts it is refused as fast as a waiting account would be.
 */
export async function reserveUnknownEmailAttempt(ctx: Ctx, email: string): Promise<RateReservation> {
  return reserveRateLimit(ctx.pool, { key: `login:email:${ctx.cipher.hmac(`email:${email}`)}`, ...UNKNOWN_EMAIL_LIMIT }, ctx.now());
}

/** At most TICKET_CODE_ATTEMPTS codes per login ticket (the window is pinned to the ticket). */
export async function reserveTicketAttempt(ctx: Ctx, ticket: string, issuedAt: Date): Promise<RateReservation> {
  return reserveRateLimit(
    ctx.pool,
    { key: `login:ticket:${ctx.cipher.hmac(`ticket:${ticket}`)}`, limit: TICKET_CODE_ATTEMPTS, windowSeconds: 3600 },
    ctx.now(),
    issuedAt,
  );
}

/** Re-authentication inside a session (password change, TOTP removal). */
export async function reserveSessionReauth(ctx: Ctx, sessionId: string): Promise<RateReservation> {
  return reserveRateLimit(ctx.pool, { key: `reauth:session:${sessionId}`, ...REAUTH_SESSION_LIMIT }, ctx.now());
}

const RESERVE_ACCOUNT_SQL = `
  UPDATE staff_users
     SET failed_logins = failed_logins + 1,
         locked_until = CASE
           WHEN failed_logins + 1 > $3
           THEN $2::timestamptz + LEAST($5::float8, $4::float8 * power(2::float8, LEAST(failed_logins - $3, 30))) * interval '1 millisecond'
           ELSE locked_until END
   WHERE id = $1::uuid AND ($6::boolean OR locked_until IS NULL OR locked_until <= $2::timestamptz)
  RETURNING failed_logins`;

/**
 * Reserves one attempt on the account before anything is verified. Refused (nothing counted) while
 * the account waits, unless `knownNetworkExempt` and the IP is one the user recently signed in from.
 */
export async function reserveAccountAttempt(
  ctx: Pick<AppContext, 'pool' | 'db' | 'cipher' | 'now'>,
  userId: string,
  ip: string | null,
  opts: { knownNetworkExempt: boolean },
): Promise<{ allowed: boolean; failures: number }> {
  const run = async (ignoreWait: boolean) =>
    (await ctx.pool.query<{ failed_logins: number }>(RESERVE_ACCOUNT_SQL, [userId, ctx.now(), FREE_FAILURES, BACKOFF_BASE_MS, BACKOFF_CAP_MS, ignoreWait]))
      .rows[0];
  let row = await run(false);
  if (!row && opts.knownNetworkExempt && (await isKnownNetwork(ctx, userId, ip))) row = await run(true);
  return row ? { allowed: true, failures: row.failed_logins } : { allowed: false, failures: -1 };
}

/**
 * The password was right but the code is still to come: give this attempt back (and the wait it
 * may have started), so a user who mistyped the password a few times is not then refused the code
 * step. Code attempts are never given back, so they stay bounded by the account's brake.
 */
export async function releaseAccountAttempt(ctx: Pick<AppContext, 'pool'>, userId: string): Promise<void> {
  await ctx.pool.query(
    `UPDATE staff_users
        SET failed_logins = GREATEST(failed_logins - 1, 0),
            locked_until = CASE WHEN failed_logins - 1 <= $2 THEN NULL ELSE locked_until END
      WHERE id = $1::uuid`,
    [userId, FREE_FAILURES],
  );
}

/** A proof succeeded (login completed, re-authentication passed): the account's count starts over. */
export async function resetAccountAttempts(ctx: Pick<AppContext, 'pool'>, userId: string): Promise<void> {
  await ctx.pool.query('UPDATE staff_users SET failed_logins = 0, locked_until = NULL WHERE id = $1::uuid', [userId]);
}
