import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ciphertextKeyId, createDataCipher, createKeyRing, isUnderCurrentKey } from './crypto';
import { dataKeyFingerprint, dataKeyId } from './data-key-fingerprint';

const body = (c: string) => c.slice(c.lastIndexOf('.') + 1);

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
    expect(Buffer.from(body(a), 'base64url').toString('latin1')).not.toContain('393331234567');
  });

  it('detects tampering', () => {
    const c = cipher.encrypt('Mario');
    const raw = Buffer.from(body(c), 'base64url');
    raw[14] = (raw[14] ?? 0) ^ 1;
    expect(() => cipher.decrypt(c.slice(0, c.lastIndexOf('.') + 1) + raw.toString('base64url'))).toThrow();
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
      ivs.add(
        Buffer.from(c.slice(c.lastIndexOf('.') + 1), 'base64url')
          .subarray(0, 12)
          .toString('hex'),
      );
      expect(cipher.decrypt(c)).toBe('x');
    }
    expect(ivs.size).toBe(2000);
  });

  it('rejects keys of the wrong size', () => {
    expect(() => createDataCipher(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('key ring (rotation)', () => {
  const A = randomBytes(32);
  const B = randomBytes(32);
  const idOf = (k: Buffer) => dataKeyId(dataKeyFingerprint(k));

  it('writes v2 with the current key id and reads every key of the ring', () => {
    const a = createDataCipher(A);
    const underA = a.encrypt('+393331234567');
    expect(underA.startsWith(`v2.${idOf(A)}.`)).toBe(true);
    expect(ciphertextKeyId(underA)).toBe(idOf(A));
    const ab = createDataCipher(B, [A]);
    const underB = ab.encrypt('Mario');
    expect(ciphertextKeyId(underB)).toBe(idOf(B));
    expect(ab.decrypt(underA)).toBe('+393331234567');
    expect(ab.decrypt(underB)).toBe('Mario');
    expect(() => a.decrypt(underB)).toThrow(`Ciphertext under data key ${idOf(B)}, which is neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_KEY_PREVIOUS`);
    expect(() => createDataCipher(B).decrypt(underA)).toThrow(idOf(A));
  });

  it('reads v1 ciphertexts (before rotation existed) with the oldest key of the ring', () => {
    const v1 = 'v1.' + body(createDataCipher(A).encrypt('Rossi'));
    expect(ciphertextKeyId(v1)).toBe('v1');
    expect(createDataCipher(A).decrypt(v1)).toBe('Rossi');
    expect(createDataCipher(B, [A]).decrypt(v1)).toBe('Rossi');
    expect(() => createDataCipher(B).decrypt(v1)).toThrow();
  });

  it('chains look-ups: the ring HMAC is the current link over the previous chain, computable from the stored HMAC', () => {
    const before = createDataCipher(A).hmac('+393331234567');
    const ring = createKeyRing(B, [A]);
    expect(ring.cipher.hmac('+393331234567')).toBe(ring.extendLookup(before));
    expect(ring.cipher.hmac('+393331234567')).not.toBe(before);
    expect(ring.cipher.hmac('+393331234567')).not.toBe(createDataCipher(B).hmac('+393331234567'));
    expect(ring.chain).toEqual([dataKeyFingerprint(A), dataKeyFingerprint(B)]);
    expect(ring.currentKeyId).toBe(idOf(B));
  });

  it('refuses a key given twice and tells tokens under the current key apart', () => {
    expect(() => createKeyRing(A, [A])).toThrow(`The data key ${idOf(A)} appears twice`);
    const ab = createDataCipher(B, [A]);
    expect(isUnderCurrentKey(ab, ab.encrypt('x'))).toBe(true);
    expect(isUnderCurrentKey(ab, createDataCipher(A).encrypt('x'))).toBe(false);
  });
});
