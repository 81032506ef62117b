import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDataCipher } from './crypto';

describe('data cipher', () => {
  const cipher = createDataCipher(randomBytes(32));

  it('round-trips text, including accents and emoji', () => {
    for (const s of ['+393331234567', 'Niccolò Dell’Acqua', '😀', '']) {
      expect(cipher.decrypt(cipher.encrypt(s))).toBe(s);
    }
  });

  it('never contains the plaintext and never repeats a ciphertext', () => {
    const a = cipher.encrypt('+393331234567');
    const b = cipher.encrypt('+393331234567');
    expect(a).not.toBe(b);
    expect(a).not.toContain('393331234567');
    expect(Buffer.from(a.slice(3), 'base64url').toString('latin1')).not.toContain('393331234567');
  });

  it('detects tampering', () => {
    const c = cipher.encrypt('Mario');
    const raw = Buffer.from(c.slice(3), 'base64url');
    raw[14] = (raw[14] ?? 0) ^ 1;
    expect(() => cipher.decrypt('v1.' + raw.toString('base64url'))).toThrow();
  });

  it('does not decrypt with another key', () => {
    const other = createDataCipher(randomBytes(32));
    expect(() => other.decrypt(cipher.encrypt('Mario'))).toThrow();
  });

  it('hmac is deterministic, keyed and hex', () => {
    const h = cipher.hmac('+393331234567');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(cipher.hmac('+393331234567')).toBe(h);
    expect(createDataCipher(randomBytes(32)).hmac('+393331234567')).not.toBe(h);
  });

  it('never reuses an IV, across refills of its pool of random bytes', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = cipher.encrypt('x');
      ivs.add(Buffer.from(c.slice(3), 'base64url').subarray(0, 12).toString('hex'));
      expect(cipher.decrypt(c)).toBe('x');
    }
    expect(ivs.size).toBe(2000);
  });

  it('rejects keys of the wrong size', () => {
    expect(() => createDataCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});
