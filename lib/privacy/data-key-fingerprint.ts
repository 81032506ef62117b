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
 * Key rotation (docs/security.md "Keys and rotation", lib/privacy/key-rotation.ts): the first 16 hex
 * characters of a fingerprint are the key's id, written in every ciphertext. The row also keeps the
 * chain of every key the installation has had (oldest first), because look-up HMACs are chained
 * through all of them: a process must be started with exactly that chain as
 * DATA_ENCRYPTION_KEY_PREVIOUS + DATA_ENCRYPTION_KEY, or with one new key on top of it (a rotation
 * about to run, which only the keys:* commands accept until keys:rotate has re-keyed the look-ups).
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
    message?: string,
  ) {
    super(
      message ??
        `Banditore non parte: la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database ` +
          `(chiave del database ${expectedKeyId}, chiave impostata ${actualKeyId}). Imposta la stessa DATA_ENCRYPTION_KEY degli altri ` +
          `processi e dell'installazione che ha creato il database (dal tuo archivio dei segreti o dal backup): con un'altra chiave ` +
          `numeri e nomi già salvati non si possono leggere. Vedi il README ("Demo mode and the data key").`,
    );
    this.name = 'DataKeyMismatchError';
  }
}

const GUIDE = 'Vedi docs/operations.md ("Key rotation").';
const ids = (fps: readonly string[]) => fps.map(dataKeyId).join(', ') || 'nessuna';

/** The keys a process is started with: DATA_ENCRYPTION_KEY and DATA_ENCRYPTION_KEY_PREVIOUS (oldest first). */
export interface ConfiguredKeys {
  current: Buffer;
  previous?: readonly Buffer[];
}

export type DataKeyState =
  /** The configured keys are the database's chain: run normally. */
  | 'ready'
  /** Look-ups already re-keyed, some ciphertexts still under an older key: run normally, keys:rotate finishes. */
  | 'reencrypting'
  /** A new current key on top of the database's chain: only keys:rotate (and keys:status) may run. */
  | 'pending-rotation';

export interface DataKeyCheck {
  keyId: string;
  recorded: boolean;
  state: DataKeyState;
  /** The database's chain, oldest first (fingerprints). */
  chain: string[];
}

interface InstallationRow {
  data_key_fingerprint: string;
  data_key_chain: string[] | null;
  rotation_phase: string | null;
  rotation_to: string | null;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => safeEqual(x, b[i]!));
const safeEqual = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * First start: records the configured keys (current last). Every start: compares them with the
 * database's chain, see DataKeyState; anything else throws DataKeyMismatchError with what to set.
 * Race-safe: processes starting together all try the same insert, the first wins, every one then
 * compares with what was stored.
 */
export async function checkDataKeys(db: Queryable, keys: ConfiguredKeys, opts: { allowPendingRotation?: boolean } = {}): Promise<DataKeyCheck> {
  const configured = [...(keys.previous ?? []), keys.current].map(dataKeyFingerprint);
  const fingerprint = configured[configured.length - 1]!;
  const keyId = dataKeyId(fingerprint);
  const inserted = await db.query<{ id: number }>(
    `INSERT INTO installation (id, data_key_id, data_key_fingerprint, data_key_chain) VALUES (1, $1, $2, $3) ON CONFLICT (id) DO NOTHING RETURNING id`,
    [keyId, fingerprint, configured],
  );
  if (inserted.rows.length === 1) return { keyId, recorded: true, state: 'ready', chain: configured };
  const { rows } = await db.query<InstallationRow>(`SELECT data_key_fingerprint, data_key_chain, rotation_phase, rotation_to FROM installation WHERE id = 1`);
  const row = rows[0];
  const stored = row?.data_key_fingerprint ?? '';
  const chain = row?.data_key_chain?.length ? row.data_key_chain : [stored];
  const phase = row?.rotation_phase ?? null;

  if (sameList(configured, chain)) {
    if (phase === 'lookups') {
      throw new DataKeyMismatchError(
        dataKeyId(stored),
        keyId,
        `Banditore non parte: keys:rotate sta ricalcolando le chiavi di ricerca (HMAC) verso la chiave ${dataKeyId(row?.rotation_to ?? '')}. ` +
          `Aspetta che finisca e riavvia con DATA_ENCRYPTION_KEY = quella chiave e DATA_ENCRYPTION_KEY_PREVIOUS = ${ids(chain)} (in quest’ordine). ${GUIDE}`,
      );
    }
    return { keyId, recorded: false, state: phase === 'ciphertexts' ? 'reencrypting' : 'ready', chain };
  }
  const previous = configured.slice(0, -1);
  if (sameList(previous, chain)) {
    const other = phase === 'lookups' && row?.rotation_to && !safeEqual(row.rotation_to, fingerprint) ? row.rotation_to : null;
    if (other) {
      throw new DataKeyMismatchError(
        dataKeyId(stored),
        keyId,
        `Banditore non parte: è in corso la rotazione verso la chiave ${dataKeyId(other)}, non verso ${keyId}. Riavvia keys:rotate con DATA_ENCRYPTION_KEY = ` +
          `la chiave ${dataKeyId(other)} e lascia che finisca. ${GUIDE}`,
      );
    }
    if (opts.allowPendingRotation) return { keyId, recorded: false, state: 'pending-rotation', chain };
    throw new DataKeyMismatchError(
      dataKeyId(stored),
      keyId,
      phase === 'lookups'
        ? `Banditore non parte: keys:rotate sta ricalcolando le chiavi di ricerca (HMAC) verso la chiave ${keyId}; aspetta che finisca, poi riavvia. ${GUIDE}`
        : `Banditore non parte: DATA_ENCRYPTION_KEY è una chiave nuova (${keyId}) e DATA_ENCRYPTION_KEY_PREVIOUS contiene le chiavi del database ` +
            `(${ids(chain)}): la rotazione non è ancora stata eseguita. Ferma il server e i worker, esegui "npm run cli -- keys:rotate" ` +
            `con queste impostazioni e riavvia quando dice che si può. ${GUIDE}`,
    );
  }
  if (safeEqual(fingerprint, stored)) {
    const missing = chain.slice(0, -1).filter((fp) => !previous.some((p) => safeEqual(p, fp)));
    throw new DataKeyMismatchError(
      dataKeyId(stored),
      keyId,
      `Banditore non parte: DATA_ENCRYPTION_KEY è giusta (${keyId}) ma DATA_ENCRYPTION_KEY_PREVIOUS deve elencare esattamente le chiavi precedenti ` +
        `di questo database, dalla più vecchia: ${ids(chain.slice(0, -1))} (impostate: ${ids(previous)}` +
        `${missing.length > 0 ? `; mancano: ${ids(missing)}` : ''}). Le chiavi di ricerca (HMAC) di numeri, BSUID e wamid sono ` +
        `concatenate attraverso tutte: senza una di esse nessuno verrebbe più ritrovato. ${GUIDE}`,
    );
  }
  if (chain.some((fp) => safeEqual(fp, fingerprint))) {
    throw new DataKeyMismatchError(
      dataKeyId(stored),
      keyId,
      `Banditore non parte: DATA_ENCRYPTION_KEY (${keyId}) è una chiave precedente di questo database, sostituita da ${dataKeyId(stored)}. ` +
        `Imposta DATA_ENCRYPTION_KEY = la chiave ${dataKeyId(stored)} e DATA_ENCRYPTION_KEY_PREVIOUS = ${ids(chain.slice(0, -1))} (in quest’ordine). ${GUIDE}`,
    );
  }
  throw new DataKeyMismatchError(dataKeyId(stored), keyId);
}

/**
 * checkDataKeys for the server and the worker: a single key (an installation that never rotated)
 * or the configured ring. Refuses a pending rotation.
 */
export async function checkDataKey(db: Queryable, key: Buffer | ConfiguredKeys): Promise<{ keyId: string; recorded: boolean }> {
  const { keyId, recorded } = await checkDataKeys(db, Buffer.isBuffer(key) ? { current: key } : key);
  return { keyId, recorded };
}
