import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Personal data at rest: AES-256-GCM for what we must read back (numbers, names), a keyed
 * HMAC-SHA256 for look-ups. A plain hash of a phone number is reversible (small keyspace), so the
 * look-up key is keyed too. Both keys derive from DATA_ENCRYPTION_KEY (kept outside the database)
 * with HKDF, so one secret serves both purposes without reusing a key.
 *
 * Ciphertext format: "v1." + base64url(iv[12] | ciphertext | tag[16]).
 */
export interface DataCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Keyed HMAC as lowercase hex; deterministic, for unique indexes and look-ups. */
  hmac(value: string): string;
}

const VERSION = 'v1.';

/**
 * IVs from a pool of random bytes refilled 4 KB at a time: the same CSPRNG as randomBytes(12) per
 * call, without its per-call cost (visible at thousands of webhook events a second). Each IV is a
 * fresh slice, never handed out twice.
 */
const IV_BYTES = 12;
const POOL_IVS = 341;
let ivPool = Buffer.alloc(0);
let ivNext = 0;
function randomIv(): Buffer {
  if (ivNext + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_BYTES * POOL_IVS);
    ivNext = 0;
  }
  const iv = ivPool.subarray(ivNext, ivNext + IV_BYTES);
  ivNext += IV_BYTES;
  return iv;
}

export function createDataCipher(masterKey: Buffer): DataCipher {
  if (masterKey.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes');
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `banditore:${info}`, 32));
  const encKey = derive('aes-256-gcm:v1');
  const macKey = derive('hmac-sha256:v1');

  return {
    encrypt(plaintext) {
      const iv = randomIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    decrypt(ciphertext) {
      if (!ciphertext.startsWith(VERSION)) throw new Error('Unknown ciphertext version');
      const raw = Buffer.from(ciphertext.slice(VERSION.length), 'base64url');
      if (raw.length < 28) throw new Error('Ciphertext too short');
      const decipher = createDecipheriv('aes-256-gcm', encKey, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(raw.length - 16));
      return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
    },
    hmac(value) {
      return createHmac('sha256', macKey).update(value, 'utf8').digest('hex');
    },
  };
}
