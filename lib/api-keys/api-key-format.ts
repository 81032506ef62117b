import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `bnd_<12 hex>_<64 hex>`: a public prefix that finds the row (shown in the
 * dashboard, safe to log) and 256 random bits. Only the SHA-256 of the whole key is stored: the key
 * is random, so a fast hash is enough (no dictionary to guess from), and a database leak gives no
 * usable key. Hex keeps the key one "word" for double-click selection and shell scripts.
 */
export const API_KEY_PATTERN = /^bnd_([0-9a-f]{12})_([0-9a-f]{64})$/;

export interface GeneratedApiKey {
  /** The whole key: shown once, never stored. */
  key: string;
  /** `bnd_<12 hex>`: stored in clear, unique. */
  prefix: string;
  /** SHA-256 of the whole key, hex. */
  hash: string;
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export function generateApiKey(): GeneratedApiKey {
  const prefix = `bnd_${randomBytes(6).toString('hex')}`;
  const key = `${prefix}_${randomBytes(32).toString('hex')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix of a well-formed key, or null (wrong shape: no database look-up needed). */
export function apiKeyPrefix(key: string): string | null {
  const m = API_KEY_PATTERN.exec(key);
  return m ? `bnd_${m[1]}` : null;
}

/** Constant-time comparison of the key's hash with the stored one. */
export function apiKeyMatches(key: string, storedHash: string): boolean {
  const a = Buffer.from(hashApiKey(key), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the dashboard shows of a key: its prefix and an ellipsis. */
export const maskedApiKey = (prefix: string): string => `${prefix}_…`;
