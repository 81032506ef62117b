import { createHash, randomBytes } from 'node:crypto';

/**
 * A password-reset token: 32 random bytes (base64url in the link). The database keeps only its
 * SHA-256, so whoever reads the table (or a backup) cannot use an open link; a token this random
 * needs no slow hash.
 */
export function newResetToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashResetToken(token) };
}

export const hashResetToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The link in the mail; the page is app/(auth)/accedi/nuova-password. */
export const resetLink = (publicUrl: string, token: string): string => `${publicUrl}/accedi/nuova-password?token=${encodeURIComponent(token)}`;

/** A plausible token (43 base64url characters): anything else is refused before touching the database. */
export const looksLikeResetToken = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);
