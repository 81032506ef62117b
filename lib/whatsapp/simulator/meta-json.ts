/**
 * Serialisation and identifiers the way Meta produces them. Meta's webhook JSON escapes every
 * non-ASCII character as \uXXXX (lowercase hex, UTF-16 units, so emoji become surrogate pairs) and
 * escapes '/' as '\/'. Signing these exact bytes exercises the app's raw-body signature check:
 * an app that re-serialises the parsed JSON gets a different hash for "Niccolò" or an emoji.
 */
import { createHash, randomBytes } from 'node:crypto';

const NON_ASCII_OR_SLASH = /[\u007f-\uffff/]/g;

export function metaStringify(value: unknown): string {
  // Outside strings JSON.stringify emits only ASCII and no '/', so escaping after the fact is safe.
  return JSON.stringify(value).replace(NON_ASCII_OR_SLASH, (c) => (c === '/' ? '\\/' : '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')));
}

const processTag = randomBytes(6).toString('hex').toUpperCase();
let sequence = 0;

/** Unique per process and recipient-tagged, shaped like Meta's base64 wamids. */
export function newWamid(digits: string): string {
  sequence += 1;
  const inner = `${digits.slice(-12)}\u0015\u0002\u0000\u0011\u0018\u0012${processTag}${sequence.toString(16).toUpperCase().padStart(10, '0')}`;
  return 'wamid.HBgM' + Buffer.from(inner, 'latin1').toString('base64');
}

export function newFbtraceId(): string {
  return randomBytes(17).toString('base64url').slice(0, 23);
}

export function newMediaId(): string {
  return String(1_000_000_000_000_000n + BigInt('0x' + randomBytes(7).toString('hex')));
}

const COUNTRY: Record<string, string> = {
  '39': 'IT',
  '1': 'US',
  '44': 'GB',
  '33': 'FR',
  '49': 'DE',
  '34': 'ES',
  '41': 'CH',
  '43': 'AT',
  '40': 'RO',
  '355': 'AL',
};

const userIdCache = new Map<string, string>();

/** Business-scoped user id (BSUID, 2026): stable per business and number, e.g. "IT.1349...". */
export function businessUserId(wabaId: string, digits: string): string {
  const key = `${wabaId}:${digits}`;
  const cached = userIdCache.get(key);
  if (cached) return cached;
  // Bounded so a million distinct recipients cannot grow it without limit.
  if (userIdCache.size >= 50_000) userIdCache.clear();
  const id = computeUserId(wabaId, digits);
  userIdCache.set(key, id);
  return id;
}

function computeUserId(wabaId: string, digits: string): string {
  const cc = ['355', '39', '44', '33', '49', '34', '41', '43', '40'].find((p) => digits.startsWith(p)) ?? (digits.startsWith('1') ? '1' : '');
  const hash = createHash('sha256').update(`${wabaId}:${digits}`).digest();
  const num = (hash.readBigUInt64BE(0) % 9_000_000_000_000_000_000n) + 1_000_000_000_000_000_000n;
  return `${COUNTRY[cc] ?? 'ZZ'}.${num}`;
}

export function fakeSha256(seed: string): string {
  return createHash('sha256').update(seed).digest('base64');
}

export function unixSeconds(ms = Date.now()): string {
  return String(Math.floor(ms / 1000));
}
