/**
 * The numbers behind staff sign-in, in one place so the login page, the guard and the tests agree.
 */

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 30 * 60_000;
/** …and in any case this long after the login. */
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
/** last_seen_at is written at most this often per session (one UPDATE per minute, not per request). */
export const SESSION_TOUCH_MS = 60_000;

/** Wrong passwords allowed before the account starts to wait between attempts. */
export const FREE_FAILURES = 4;
/** First wait; it doubles at every further failure… */
export const BACKOFF_BASE_MS = 30_000;
/** …up to this cap, so an attacker can never keep the real user out for longer. */
export const BACKOFF_CAP_MS = 15 * 60_000;
/**
 * A correct password from a network the user signed in from in this period is accepted even while
 * the account waits: strangers guessing passwords cannot lock the user out of their own office.
 */
export const KNOWN_NETWORK_MS = 30 * 24 * 3600_000;

/** Per client IP: failed attempts allowed per window, whatever the account. */
export const IP_LIMIT = { limit: 30, windowSeconds: 15 * 60 } as const;

/**
 * Per account, code attempts allowed on one login ticket (the ticket comes from a correct
 * password); the account's own brake (FREE_FAILURES, back-off) counts them too.
 */
export const TICKET_CODE_ATTEMPTS = 5;

/**
 * Re-authentication inside a session (password change, TOTP removal): attempts allowed per session
 * per window. They also count against the account like failed logins, without the known-network
 * exemption (whoever holds the session is on a known network by definition).
 */
export const REAUTH_SESSION_LIMIT = { limit: 5, windowSeconds: 15 * 60 } as const;

/**
 * An email without an account: attempts answered with a real argon2 check per window, after which
 * it is refused at once, like an account that waits (so timing does not tell the two apart).
 */
export const UNKNOWN_EMAIL_LIMIT = { limit: FREE_FAILURES + 1, windowSeconds: 15 * 60 } as const;

/**
 * argon2 (hash and verify) in one process: this many at once (each takes ~64 MiB and a core for
 * tens of milliseconds), at most ARGON2_MAX_WAITING more waiting; beyond that the login answers
 * 429 "Troppi tentativi in corso, riprova tra poco" at once. Two cores serve web and webhook.
 */
export const ARGON2_CONCURRENCY = 2;
export const ARGON2_MAX_WAITING = 16;

/**
 * A password set by an admin (user creation, reset) or the CLI is temporary: it must be changed at
 * the first login, and it no longer opens the account after this long.
 */
export const TEMPORARY_PASSWORD_MS = 72 * 3600_000;

/** Between the password step and the code step. */
export const LOGIN_TICKET_MS = 5 * 60_000;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;

/** Wait imposed after `failures` consecutive failures (0 while failures <= FREE_FAILURES). */
export function backoffMs(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (failures - FREE_FAILURES - 1));
}

/** A password-reset link works once, for this long after it was asked for (docs/security.md). */
export const PASSWORD_RESET_MS = 30 * 60_000;
/**
 * "Password dimenticata?" answers no sooner than this after the request, whether or not the address
 * has an account (the real work, a token and a queued mail, takes well under it): the answer's
 * timing does not tell registered addresses apart.
 */
export const PASSWORD_RESET_ANSWER_MS = 500;
/** Reset requests per client IP and per typed address (counted whether or not it has an account). */
export const PASSWORD_RESET_IP_LIMIT = { limit: 10, windowSeconds: 15 * 60 } as const;
export const PASSWORD_RESET_EMAIL_LIMIT = { limit: 3, windowSeconds: 60 * 60 } as const;
