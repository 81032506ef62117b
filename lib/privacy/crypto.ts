import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { dataKeyFingerprint, dataKeyId } from './data-key-fingerprint';

/**
 * Personal data at rest: AES-256-GCM for what we must read back (numbers, names), a keyed
 * HMAC-SHA256 for look-ups. A plain hash of a phone number is reversible (small keyspace), so the
 * look-up key is keyed too. Both keys derive from DATA_ENCRYPTION_KEY (kept outside the database)
 * with HKDF, so one secret serves both purposes without reusing a key.
 *
 * Ciphertext formats:
 * - "v2." + key id + "." + base64url(iv[12] | ciphertext | tag[16]): what is written. The key id is
 *   the first 16 hex characters of the key's fingerprint (data-key-fingerprint.ts).
 * - "v1." + base64url(iv | ciphertext | tag): written before key rotation (issue 11), always by the
 *   installation's first key (the oldest of the key ring); still read.
 *
 * Key rotation (docs/security.md "Keys and rotation"): the key ring is the current key plus the
 * previous ones (DATA_ENCRYPTION_KEY_PREVIOUS, oldest first). Decryption accepts every key of the
 * ring; encryption uses the current one. Look-ups are a chain: the HMAC of a value is
 * HMAC_kn(… HMAC_k2(HMAC_k1(value))) over the ring from oldest to current, so rotating extends every
 * stored HMAC by one link computed from the stored value alone (no plaintext needed: opted-out rows
 * keep only their HMAC), and a leaked old key alone no longer lets anyone test candidate numbers
 * against a newer dump.
 */
export interface DataCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Keyed HMAC as lowercase hex; deterministic, for unique indexes and look-ups. */
  hmac(value: string): string;
}

const V1 = 'v1.';
const V2 = 'v2.';
const KEY_ID = /^[0-9a-f]{16}$/;

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

interface DerivedKey {
  id: string;
  fingerprint: string;
  enc: Buffer;
  mac: Buffer;
}

function derive(masterKey: Buffer): DerivedKey {
  if (masterKey.length !== 32) throw new Error('DATA_ENCRYPTION_KEY must be 32 bytes');
  const hkdf = (info: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `banditore:${info}`, 32));
  const fingerprint = dataKeyFingerprint(masterKey);
  return { id: dataKeyId(fingerprint), fingerprint, enc: hkdf('aes-256-gcm:v1'), mac: hkdf('hmac-sha256:v1') };
}

const hmacHex = (key: Buffer, value: string) => createHmac('sha256', key).update(value, 'utf8').digest('hex');

/** The key id a ciphertext names: its 16 hex characters for v2, 'v1' for the original format, null if neither. */
export function ciphertextKeyId(ciphertext: string): string | null {
  if (ciphertext.startsWith(V1)) return 'v1';
  if (!ciphertext.startsWith(V2)) return null;
  const id = ciphertext.slice(V2.length, V2.length + 16);
  return KEY_ID.test(id) && ciphertext[V2.length + 16] === '.' ? id : null;
}

/** What key rotation needs besides the DataCipher (lib/privacy/key-rotation.ts). */
export interface KeyRing {
  cipher: DataCipher;
  currentKeyId: string;
  /** Fingerprints of the ring, oldest first, the current key last: the look-up chain. */
  chain: string[];
  /** Fingerprints of the previous keys, oldest first. */
  previousFingerprints: string[];
  /** The stored HMAC of the chain without the current key, extended by the current key's link. */
  extendLookup(storedHmac: string): string;
  /** Whether a ciphertext is written under the current key (v2 with its id). */
  isCurrent(ciphertext: string): boolean;
}

const rings = new WeakMap<DataCipher, KeyRing>();

/** Builds the cipher of a key ring: `previous` oldest first (DATA_ENCRYPTION_KEY_PREVIOUS). */
export function createKeyRing(currentKey: Buffer, previous: readonly Buffer[] = []): KeyRing {
  const current = derive(currentKey);
  const older = previous.map(derive);
  const all = [...older, current];
  const byId = new Map<string, DerivedKey>();
  for (const k of all) {
    if (byId.has(k.id)) throw new Error(`The data key ${k.id} appears twice among DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEY_PREVIOUS`);
    byId.set(k.id, k);
  }
  // v1 ciphertexts were written by the installation's first key, the oldest of the ring.
  const original = all[0]!;
  const prefix = `${V2}${current.id}.`;

  const open = (key: DerivedKey, body: string): string => {
    const raw = Buffer.from(body, 'base64url');
    if (raw.length < 28) throw new Error('Ciphertext too short');
    const decipher = createDecipheriv('aes-256-gcm', key.enc, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(raw.length - 16));
    return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
  };

  const cipher: DataCipher = {
    encrypt(plaintext) {
      const iv = randomIv();
      const c = createCipheriv('aes-256-gcm', current.enc, iv);
      const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
      return prefix + Buffer.concat([iv, body, c.getAuthTag()]).toString('base64url');
    },
    decrypt(ciphertext) {
      const id = ciphertextKeyId(ciphertext);
      if (id === null) throw new Error('Unknown ciphertext version');
      if (id === 'v1') return open(original, ciphertext.slice(V1.length));
      const key = byId.get(id);
      if (!key) throw new Error(`Ciphertext under data key ${id}, which is neither DATA_ENCRYPTION_KEY nor in DATA_ENCRYPTION_KEY_PREVIOUS`);
      return open(key, ciphertext.slice(V2.length + 17));
    },
    hmac(value) {
      let h = hmacHex(all[0]!.mac, value);
      for (const k of all.slice(1)) h = hmacHex(k.mac, h);
      return h;
    },
  };
  const ring: KeyRing = {
    cipher,
    currentKeyId: current.id,
    chain: all.map((k) => k.fingerprint),
    previousFingerprints: older.map((k) => k.fingerprint),
    extendLookup: (storedHmac) => hmacHex(current.mac, storedHmac),
    isCurrent: (ciphertext) => ciphertext.startsWith(prefix),
  };
  rings.set(cipher, ring);
  return ring;
}

/** The cipher of a key ring; with one key, the cipher of an installation that never rotated. */
export function createDataCipher(masterKey: Buffer, previous: readonly Buffer[] = []): DataCipher {
  return createKeyRing(masterKey, previous).cipher;
}

/**
 * Whether a ciphertext is under the cipher's current key. Tokens handed to browsers (the login
 * ticket) must be: a previous key stays in the ring as a link of the look-up chain, and whoever holds
 * a leaked previous key must not be able to forge a token that the service accepts.
 */
export function isUnderCurrentKey(cipher: DataCipher, ciphertext: string): boolean {
  const ring = rings.get(cipher);
  return ring ? ring.isCurrent(ciphertext) : true;
}
