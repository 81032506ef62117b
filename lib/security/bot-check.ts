import { createHmac, timingSafeEqual } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/**
 * Bot checks for the web subscription form, without third parties (no reCAPTCHA, no cookies).
 *
 * 1. A signed timestamp (`formToken`) written into the form by the page: proves the form was
 *    fetched from us and says how long it was on screen.
 * 2. A honeypot field (`website`) that people never see.
 * 3. With JavaScript: an ALTCHA proof-of-work (about half a second of a phone's CPU, done in the
 *    background while the person types). The widget puts its payload in the `altcha` field.
 *
 * Without JavaScript there is no widget, so a submission without a payload is accepted when the
 * honeypot is empty and the form was on screen for at least MIN_FILL_MS. A script can take that
 * path too: what it gains is only a PENDING request that expires after 48 hours unless someone
 * writes "Iscrivimi … <code>" on WhatsApp from that very number. No message is ever sent to a
 * number because of the form, so the form cannot be used to spam anyone; per-IP and per-number
 * rate limits (requestWebSubscription) cap the rows a script can create. We accept that trade-off
 * so that the form keeps working for people whose browser runs no JavaScript. A payload that is
 * present but wrong, expired or replayed is refused: that is tampering, not a missing feature.
 *
 * Pure functions: every secret is a parameter (derive them with `deriveBotSecrets(authSecret)`).
 */

export const MIN_FILL_MS = 3_000;
/** A page left open longer than this must be reloaded (the token is refreshed on every error). */
export const FORM_TOKEN_MAX_AGE_MS = 12 * 60 * 60 * 1000;
export const ALTCHA_TTL_MS = 10 * 60 * 1000;

/**
 * Difficulty: PBKDF2-SHA-256 with `cost` iterations per attempt; the solver has to find a counter
 * drawn between min and max. A mid-range phone does a 500-iteration PBKDF2 in ~1.5 ms and the
 * widget runs up to 4 workers: ~1,200 attempts / 4 × 1.5 ms ≈ 0.5 s. Verification checks an HMAC
 * (deterministic mode with a key signature), so the server does no PBKDF2 work per submission.
 */
export const ALTCHA_DIFFICULTY = { algorithm: 'PBKDF2/SHA-256', cost: 500, counterMin: 800, counterMax: 1_600 } as const;

export interface BotSecrets {
  formToken: string;
  altchaSignature: string;
  altchaKeySignature: string;
}

const hmacHex = (secret: string, label: string) => createHmac('sha256', secret).update(label).digest('hex');

/** Independent keys for each use, so a token of one kind can never pass as another. */
export function deriveBotSecrets(authSecret: string): BotSecrets {
  if (!authSecret) throw new Error('deriveBotSecrets: empty secret');
  return {
    formToken: hmacHex(authSecret, 'banditore:form-token'),
    altchaSignature: hmacHex(authSecret, 'altcha'),
    altchaKeySignature: hmacHex(authSecret, 'altcha:key'),
  };
}

// ---------------------------------------------------------------------------------------------
// Form token: "<issuedAtMs>.<base64url HMAC>"

const sign = (secret: string, issuedAt: number) => createHmac('sha256', secret).update(`form:${issuedAt}`).digest('base64url');

export function issueFormToken(secret: string, now: Date): string {
  const issuedAt = now.getTime();
  return `${issuedAt}.${sign(secret, issuedAt)}`;
}

export type FormTokenCheck = { ok: true; ageMs: number } | { ok: false; reason: 'missing' | 'invalid' | 'expired' };

export function checkFormToken(token: string | null | undefined, secret: string, now: Date): FormTokenCheck {
  if (!token) return { ok: false, reason: 'missing' };
  const m = /^(\d{10,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!m) return { ok: false, reason: 'invalid' };
  const issuedAt = Number(m[1]);
  const given = Buffer.from(m[2] as string);
  const expected = Buffer.from(sign(secret, issuedAt));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'invalid' };
  const ageMs = now.getTime() - issuedAt;
  // A token from the future (clock skew between processes) counts as just issued.
  if (ageMs > FORM_TOKEN_MAX_AGE_MS) return { ok: false, reason: 'expired' };
  return { ok: true, ageMs: Math.max(0, ageMs) };
}

// ---------------------------------------------------------------------------------------------
// ALTCHA (altcha-lib v2 proof-of-work, solved by the altcha v3 widget)

export interface AltchaDifficulty {
  cost: number;
  counterMin: number;
  counterMax: number;
}

export async function createAltchaChallenge(
  secrets: Pick<BotSecrets, 'altchaSignature' | 'altchaKeySignature'>,
  now: Date,
  difficulty: AltchaDifficulty = ALTCHA_DIFFICULTY,
): Promise<Challenge> {
  return createChallenge({
    algorithm: ALTCHA_DIFFICULTY.algorithm,
    cost: difficulty.cost,
    counter: randomInt(difficulty.counterMax, difficulty.counterMin),
    deriveKey,
    expiresAt: new Date(now.getTime() + ALTCHA_TTL_MS),
    hmacSignatureSecret: secrets.altchaSignature,
    hmacKeySignatureSecret: secrets.altchaKeySignature,
  });
}

/** Where used challenges are remembered (altcha-lib's CappedMap fits); sync, hence atomic. */
export interface UsedChallengeStore {
  has(key: string): boolean;
  set(key: string, value: true): unknown;
}

export type AltchaCheck = { ok: true } | { ok: false; reason: 'malformed' | 'expired' | 'invalid' | 'replayed' };

export async function verifyAltchaPayload(
  payload: string,
  secrets: Pick<BotSecrets, 'altchaSignature' | 'altchaKeySignature'>,
  used?: UsedChallengeStore,
): Promise<AltchaCheck> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!isPayload(parsed)) return { ok: false, reason: 'malformed' };
  const result = await verifySolution({
    challenge: parsed.challenge,
    solution: parsed.solution,
    deriveKey,
    hmacSignatureSecret: secrets.altchaSignature,
    hmacKeySignatureSecret: secrets.altchaKeySignature,
  }).catch(() => null);
  if (!result) return { ok: false, reason: 'malformed' };
  if (result.expired) return { ok: false, reason: 'expired' };
  if (!result.verified) return { ok: false, reason: 'invalid' };
  if (used) {
    const key = parsed.challenge.parameters.nonce;
    if (used.has(key)) return { ok: false, reason: 'replayed' };
    used.set(key, true);
  }
  return { ok: true };
}

function isPayload(v: unknown): v is { challenge: Challenge; solution: { counter: number; derivedKey: string } } {
  if (!v || typeof v !== 'object') return false;
  const { challenge, solution } = v as Record<string, unknown>;
  if (!challenge || typeof challenge !== 'object' || !solution || typeof solution !== 'object') return false;
  const params = (challenge as Record<string, unknown>).parameters;
  return !!params && typeof params === 'object' && typeof (params as Record<string, unknown>).nonce === 'string';
}

// ---------------------------------------------------------------------------------------------
// The whole decision for one submission

export interface SubmissionSignals {
  honeypot?: string | null;
  formToken?: string | null;
  altcha?: string | null;
}

export type BotVerdict =
  | { ok: true; path: 'altcha' | 'no-js' }
  | { ok: false; reason: 'honeypot' | 'form_token_invalid' | 'form_expired' | 'too_fast' | 'altcha_failed'; detail?: string };

export async function checkSubmission(signals: SubmissionSignals, secrets: BotSecrets, now: Date, used?: UsedChallengeStore): Promise<BotVerdict> {
  if (signals.honeypot && signals.honeypot.trim() !== '') return { ok: false, reason: 'honeypot' };
  const token = checkFormToken(signals.formToken, secrets.formToken, now);
  if (!token.ok) return { ok: false, reason: token.reason === 'expired' ? 'form_expired' : 'form_token_invalid', detail: token.reason };
  if (signals.altcha) {
    const altcha = await verifyAltchaPayload(signals.altcha, secrets, used);
    return altcha.ok ? { ok: true, path: 'altcha' } : { ok: false, reason: 'altcha_failed', detail: altcha.reason };
  }
  if (token.ageMs < MIN_FILL_MS) return { ok: false, reason: 'too_fast' };
  return { ok: true, path: 'no-js' };
}
