import { hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The database remembers which DATA_ENCRYPTION_KEY encrypted its data: a process started with
 * another key (a typo, the demo key, another installation's .env) would write numbers nobody can
 * read back next to numbers it cannot read, so it refuses to start instead.
 *
 * What is stored (table `installation`, one row): a fingerprint derived from the key with HKDF under
 * a label of its own, so it is neither the key nor one of the keys that encrypt or HMAC data
 * (lib/privacy/crypto.ts), and knowing it does not help to recover the key.
 *
 * Key rotation (issue 11): the first 16 hex characters of the fingerprint are the key's id. Rotation
 * will write that id into each ciphertext and keep one row per key; until then there is one key.
 */
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[] }>;
}

/** 64 lowercase hex characters. */
export function dataKeyFingerprint(key: Buffer): string {
  return Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'banditore:data-key-fingerprint:v1', 32)).toString('hex');
}

/** The key id (issue 11): the first 16 hex characters of the fingerprint. */
export const dataKeyId = (fingerprint: string): string => fingerprint.slice(0, 16);

export class DataKeyMismatchError extends Error {
  constructor(
    public readonly expectedKeyId: string,
    public readonly actualKeyId: string,
  ) {
    super(
      `Banditore non parte: la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database ` +
        `(chiave del database ${expectedKeyId}, chiave impostata ${actualKeyId}). Imposta la stessa DATA_ENCRYPTION_KEY degli altri ` +
        `processi e dell'installazione che ha creato il database (dal tuo archivio dei segreti o dal backup): con un'altra chiave ` +
        `numeri e nomi già salvati non si possono leggere. Vedi il README ("Demo mode and the data key").`,
    );
    this.name = 'DataKeyMismatchError';
  }
}

/**
 * First start: records the key's fingerprint. Every start: compares, and throws DataKeyMismatchError
 * on a different key. Race-safe: processes starting together all try the same insert, the first
 * wins, every one then compares with what was stored.
 */
export async function checkDataKey(db: Queryable, key: Buffer): Promise<{ keyId: string; recorded: boolean }> {
  const fingerprint = dataKeyFingerprint(key);
  const keyId = dataKeyId(fingerprint);
  const inserted = await db.query<{ id: number }>(
    `INSERT INTO installation (id, data_key_id, data_key_fingerprint) VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [keyId, fingerprint],
  );
  if (inserted.rows.length === 1) return { keyId, recorded: true };
  const { rows } = await db.query<{ data_key_fingerprint: string }>(`SELECT data_key_fingerprint FROM installation WHERE id = 1`);
  const stored = rows[0]?.data_key_fingerprint ?? '';
  const same = stored.length === fingerprint.length && timingSafeEqual(Buffer.from(stored), Buffer.from(fingerprint));
  if (!same) throw new DataKeyMismatchError(dataKeyId(stored), keyId);
  return { keyId, recorded: false };
}
