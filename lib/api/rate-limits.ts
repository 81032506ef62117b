import type pg from 'pg';
import { hitRateLimit, type RateDecision, type RateRule } from '../security/rate-limit';

/**
 * Two brakes on the API (fixed windows in the shared rate_limits table):
 * - per key: 60 requests a minute, whatever the route;
 * - per client IP: 100 failed authentications (wrong, malformed or revoked key) in 15 minutes;
 *   past that every request from the address is refused, so no key can be tried from it. Keys are
 *   256-bit random, so this is about noise and load, not guessing; it is generous so that a
 *   misconfigured script does not lock out a whole office behind one address for long.
 * A request without any key is not a guessing attempt and is not counted.
 */
export const API_KEY_RATE = { limit: 60, windowSeconds: 60 } as const;
export const API_AUTH_FAILURE_RATE = { limit: 100, windowSeconds: 15 * 60 } as const;

export const keyRule = (apiKeyId: string): RateRule => ({ key: `api:key:${apiKeyId}`, ...API_KEY_RATE });
/** `ipHmac`: the keyed HMAC of the address (never the address itself). */
export const authFailureRule = (ipHmac: string): RateRule => ({ key: `api:auth-fail:${ipHmac}`, ...API_AUTH_FAILURE_RATE });

function windowStart(rule: RateRule, now: Date): Date {
  const ms = rule.windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / ms) * ms);
}

/** Reads a counter without counting this request (the IP check runs before we know it failed). */
export async function peekRateLimit(pool: pg.Pool, rule: RateRule, now: Date): Promise<RateDecision> {
  const start = windowStart(rule, now);
  const { rows } = await pool.query<{ count: number }>('SELECT count FROM rate_limits WHERE key = $1 AND window_start = $2', [rule.key, start]);
  const count = rows[0]?.count ?? 0;
  return {
    allowed: count < rule.limit,
    retryAfter: Math.max(1, Math.ceil((start.getTime() + rule.windowSeconds * 1000 - now.getTime()) / 1000)),
  };
}

export { hitRateLimit };
