import { describe, expect, it } from 'vitest';
import { generateTotpSecret, totpCodeAt, totpUri, verifyTotp } from './totp';

// RFC 6238 appendix B: ASCII "12345678901234567890", SHA1; the 6-digit codes are the last six digits.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP', () => {
  it('matches the RFC 6238 test vectors', () => {
    expect(totpCodeAt(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCodeAt(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCodeAt(RFC_SECRET, new Date(1_234_567_890_000))).toBe('005924');
  });

  it('accepts the current code and one step of drift either way, nothing further', () => {
    const at = new Date(1_111_111_109_000);
    const step = Math.floor(at.getTime() / 30_000);
    expect(verifyTotp(RFC_SECRET, '081804', at, null)).toEqual({ ok: true, step });
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(at.getTime() - 30_000)), at, null)).toEqual({ ok: true, step: step - 1 });
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(at.getTime() + 30_000)), at, null)).toEqual({ ok: true, step: step + 1 });
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(at.getTime() - 60_000)), at, null).ok).toBe(false);
    expect(verifyTotp(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(at.getTime() + 60_000)), at, null).ok).toBe(false);
  });

  it('refuses a step already used, malformed input, and tolerates spaces', () => {
    const at = new Date(1_111_111_109_000);
    const step = Math.floor(at.getTime() / 30_000);
    expect(verifyTotp(RFC_SECRET, '081804', at, step).ok).toBe(false);
    expect(verifyTotp(RFC_SECRET, '081 804', at, step - 1).ok).toBe(true);
    expect(verifyTotp(RFC_SECRET, '81804', at, null).ok).toBe(false);
    expect(verifyTotp(RFC_SECRET, 'abcdef', at, null).ok).toBe(false);
  });

  it('builds the otpauth URI the apps read', () => {
    const secret = generateTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'anna@comune.example.it', 'WhatsApp Conegliano'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(secret);
    expect(uri.searchParams.get('issuer')).toBe('WhatsApp Conegliano');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
    expect(uri.searchParams.get('algorithm')).toBe('SHA1');
    expect(decodeURIComponent(uri.pathname)).toContain('anna@comune.example.it');
  });
});
