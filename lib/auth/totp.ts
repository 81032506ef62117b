import { Secret, TOTP } from 'otpauth';

/**
 * Time-based one-time codes as every authenticator app expects them: 6 digits, 30 seconds, SHA1.
 * One step of clock drift either way is accepted; a step already used is refused, so a code seen
 * over someone's shoulder cannot be replayed within its 90-second window.
 */
const PERIOD = 30;
const WINDOW = 1;

function totp(secretBase32: string, label = 'staff', issuer = 'Banditore'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new 160-bit secret, base32 (what the apps and the otpauth URI carry). */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** otpauth://totp/… for the QR code; the label is the staff email so the app shows whose code it is. */
export function totpUri(secretBase32: string, email: string, issuer: string): string {
  return totp(secretBase32, email, issuer).toString();
}

/** The code for a given time (tests and the CLI's diagnostics). */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

export type TotpCheck = { ok: true; step: number } | { ok: false };

export function verifyTotp(secretBase32: string, code: string, at: Date, lastStep: number | null): TotpCheck {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return { ok: false };
  const delta = totp(secretBase32).validate({ token, timestamp: at.getTime(), window: WINDOW });
  if (delta === null) return { ok: false };
  const step = Math.floor(at.getTime() / 1000 / PERIOD) + delta;
  if (lastStep !== null && step <= lastStep) return { ok: false };
  return { ok: true, step };
}
