import pg from 'pg';
import { clientConfig } from '../db';
import { inPgTransaction } from '../db/pg-transaction';
import { createKeyRing, type KeyRing } from './crypto';
import { checkDataKeys, DataKeyMismatchError, dataKeyId, type ConfiguredKeys } from './data-key-fingerprint';

/**
 * Data key rotation (docs/security.md "Keys and rotation", docs/operations.md "Key rotation").
 *
 * The database is at a chain of keys k1…kn (installation.data_key_chain); the operator configures
 * kn+1 as DATA_ENCRYPTION_KEY and k1…kn as DATA_ENCRYPTION_KEY_PREVIOUS and runs keys:rotate:
 *
 * 1. Look-ups (service stopped, enforced): every stored HMAC h becomes HMAC_kn+1(h), which is what
 *    the new ring computes for the same value (lib/privacy/crypto.ts), so active and opted-out rows
 *    stay findable without any plaintext. Running processes would keep computing the old chain, so
 *    the server and the worker hold SERVICE_LOCK (shared) while they run and this phase needs it
 *    exclusively; processes that start meanwhile are refused (checkDataKeys). Batches commit with
 *    their table's cursor in installation.rotation_cursors, so a run that stops resumes exactly
 *    where it was and never applies a link twice. At the end the database records the new chain.
 * 2. Ciphertexts (service may run): every ciphertext not under the new key is decrypted and
 *    encrypted again, in batches, each row replaced only if it still holds what was read
 *    (compare-and-set, so a concurrent change wins). Idempotent by content: the key id is in the
 *    ciphertext. When no row is left under an older key the rotation is complete.
 */

/** Held shared by every server and worker process, exclusively by the look-up phase of keys:rotate. */
export const SERVICE_LOCK_ID = 72707390; // apart from every other advisory key of lib/ (grep 727073)
/** One keys:rotate at a time. */
const ROTATE_LOCK_ID = 72707391;
const DEFAULT_BATCH = 500;

type IdType = 'uuid' | 'bigint';

/** Every column holding a ciphertext (lib/privacy/crypto.ts). */
export const CIPHERTEXT_COLUMNS: readonly { table: string; column: string; id: IdType }[] = [
  { table: 'subscribers', column: 'phone_enc', id: 'uuid' },
  { table: 'subscribers', column: 'first_name_enc', id: 'uuid' },
  { table: 'subscribers', column: 'last_name_enc', id: 'uuid' },
  { table: 'subscribers', column: 'wa_user_id_enc', id: 'uuid' },
  { table: 'inbound_events', column: 'payload_enc', id: 'bigint' },
  { table: 'outbound_messages', column: 'to_enc', id: 'bigint' },
  { table: 'outbound_messages', column: 'content_enc', id: 'bigint' },
  { table: 'staff_users', column: 'totp_secret_enc', id: 'uuid' },
  { table: 'staff_users', column: 'phone_enc', id: 'uuid' },
];

/** How a look-up column holds its HMACs: the whole value, or 64-hex HMACs inside a longer key. */
type LookupKind = 'hex' | 'embedded' | 'evidence';

/** Every column holding a look-up HMAC (cipher.hmac and lib/privacy/wamid.ts), by table. */
export const LOOKUP_TABLES: readonly { table: string; id: IdType; columns: readonly { column: string; kind: LookupKind }[] }[] = [
  {
    table: 'subscribers',
    id: 'uuid',
    columns: [
      { column: 'phone_hmac', kind: 'hex' },
      { column: 'wa_user_id_hmac', kind: 'hex' },
    ],
  },
  {
    table: 'consent_events',
    id: 'bigint',
    columns: [
      { column: 'phone_hmac', kind: 'hex' },
      // `whatsapp:<wamid HMAC>` (messageEvidence); other evidence holds no HMAC.
      { column: 'evidence', kind: 'evidence' },
    ],
  },
  // `msg:<HMAC>` and `status:<HMAC>:<status>`.
  { table: 'inbound_events', id: 'bigint', columns: [{ column: 'dedupe_key', kind: 'embedded' }] },
  { table: 'outbound_messages', id: 'bigint', columns: [{ column: 'wamid_hmac', kind: 'hex' }] },
  { table: 'deliveries', id: 'bigint', columns: [{ column: 'wamid_hmac', kind: 'hex' }] },
  { table: 'staff_sessions', id: 'uuid', columns: [{ column: 'ip_hmac', kind: 'hex' }] },
  // Append-only: its trigger lets exactly this column change under banditore.key_rotation = 'on'.
  { table: 'audit_log', id: 'bigint', columns: [{ column: 'ip_hmac', kind: 'hex' }] },
];

const HEX64 = /^[0-9a-f]{64}$/;
const EMBEDDED = /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g;
const EVIDENCE = /^whatsapp:([0-9a-f]{64})$/;

function extendValue(ring: KeyRing, kind: LookupKind, value: string | null): string | null {
  if (value === null) return null;
  if (kind === 'hex') return HEX64.test(value) ? ring.extendLookup(value) : value;
  if (kind === 'evidence') return value.replace(EVIDENCE, (_, h: string) => `whatsapp:${ring.extendLookup(h)}`);
  return value.replace(EMBEDDED, (h) => ring.extendLookup(h));
}

export class KeyRotationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRotationError';
  }
}

export interface RotationProgress {
  phase: 'lookups' | 'ciphertexts';
  table: string;
  column?: string;
  done: number;
}

export interface RotationReport {
  /** The key the data is under now. */
  keyId: string;
  lookupRows: number;
  lookupTables: Record<string, number>;
  reencrypted: number;
  /** Rows that could not be decrypted with any configured key (left as they are). */
  unreadable: { table: string; column: string; id: string }[];
  /** Rows left under another key than the current one, per key id ('v1' = the original format). */
  leftUnderOldKeys: Record<string, number>;
  complete: boolean;
}

async function tryLock(client: pg.ClientBase, id: number): Promise<boolean> {
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [id]);
  return rows[0]!.ok;
}

/** Server and worker processes holding SERVICE_LOCK right now. */
async function serviceHolders(client: pg.ClientBase): Promise<{ pid: number; application: string; client: string }[]> {
  const { rows } = await client.query<{ pid: number; application: string; client: string }>(
    `SELECT a.pid, coalesce(a.application_name, '') AS application, coalesce(host(a.client_addr), 'local') AS client
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 0 AND l.objid = $1 AND l.objsubid = 1 AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND a.pid <> pg_backend_pid()`,
    [SERVICE_LOCK_ID],
  );
  return rows;
}

interface Installation {
  data_key_chain: string[];
  rotation_phase: string | null;
  rotation_to: string | null;
  rotation_cursors: Record<string, string>;
}

const readInstallation = async (client: pg.ClientBase, lock = false): Promise<Installation> =>
  (
    await client.query<Installation>(
      `SELECT data_key_chain, rotation_phase, rotation_to, rotation_cursors FROM installation WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
    )
  ).rows[0]!;

async function rekeyTable(
  client: pg.ClientBase,
  ring: KeyRing,
  spec: (typeof LOOKUP_TABLES)[number],
  batch: number,
  progress: (p: RotationProgress) => void,
): Promise<number> {
  const cols = spec.columns.map((c) => c.column);
  let total = 0;
  for (;;) {
    const step = await inPgTransaction(client, async () => {
      const { rotation_cursors } = await readInstallation(client, true);
      const cursor = rotation_cursors[spec.table];
      if (cursor === 'done') return { rows: 0, changed: 0 };
      if (spec.table === 'audit_log') await client.query(`SET LOCAL banditore.key_rotation = 'on'`);
      const { rows } = await client.query<Record<string, string | null> & { id: string }>(
        // ORDER BY t.id, not the text alias: bigint ids must sort as numbers (9 before 10).
        `SELECT t.id::text AS id, ${cols.map((c) => `t.${c}`).join(', ')} FROM ${spec.table} t
          WHERE $1::text IS NULL OR t.id > $1::${spec.id} ORDER BY t.id LIMIT ${batch} FOR UPDATE`,
        [cursor ?? null],
      );
      const next = rows.length === 0 ? 'done' : rows[rows.length - 1]!.id;
      const changed = rows
        .map((r) => ({ id: r.id, old: cols.map((c) => r[c] ?? null), next: spec.columns.map((c) => extendValue(ring, c.kind, r[c.column] ?? null)) }))
        .filter((r) => r.next.some((v, i) => v !== r.old[i]));
      if (changed.length > 0) {
        const sets = cols.map((c, i) => `${c} = u.c${i}`).join(', ');
        const unnest = cols.map((_, i) => `$${i + 2}::text[]`).join(', ');
        await client.query(
          `UPDATE ${spec.table} t SET ${sets} FROM unnest($1::${spec.id}[], ${unnest}) AS u(id, ${cols.map((_, i) => `c${i}`).join(', ')}) WHERE t.id = u.id`,
          [changed.map((r) => r.id), ...cols.map((_, i) => changed.map((r) => r.next[i]))],
        );
      }
      // The cursor commits with the batch: a resumed run starts after it and never extends a row twice.
      await client.query(`UPDATE installation SET rotation_cursors = rotation_cursors || jsonb_build_object($1::text, $2::text) WHERE id = 1`, [
        spec.table,
        next,
      ]);
      return { rows: rows.length, changed: changed.length };
    });
    if (step.rows === 0) return total;
    total += step.changed;
    progress({ phase: 'lookups', table: spec.table, done: total });
  }
}

/** rate_limits (short windows, keyed by `…:<HMAC>`, no id of their own): one transaction. */
async function rekeyRateLimits(client: pg.ClientBase, ring: KeyRing): Promise<number> {
  return inPgTransaction(client, async () => {
    const { rotation_cursors } = await readInstallation(client, true);
    if (rotation_cursors.rate_limits === 'done') return 0;
    const { rows } = await client.query<{ key: string; window_start: Date }>(`SELECT key, window_start FROM rate_limits FOR UPDATE`);
    const changed = rows.map((r) => ({ ...r, next: extendValue(ring, 'embedded', r.key)! })).filter((r) => r.next !== r.key);
    if (changed.length > 0) {
      await client.query(
        `UPDATE rate_limits t SET key = u.next FROM unnest($1::text[], $2::timestamptz[], $3::text[]) AS u(key, window_start, next)
          WHERE t.key = u.key AND t.window_start = u.window_start`,
        [changed.map((r) => r.key), changed.map((r) => r.window_start), changed.map((r) => r.next)],
      );
    }
    await client.query(`UPDATE installation SET rotation_cursors = rotation_cursors || '{"rate_limits": "done"}'::jsonb WHERE id = 1`);
    return changed.length;
  });
}

async function reencryptColumn(
  client: pg.ClientBase,
  ring: KeyRing,
  spec: (typeof CIPHERTEXT_COLUMNS)[number],
  batch: number,
  unreadable: RotationReport['unreadable'],
  progress: (p: RotationProgress) => void,
): Promise<number> {
  const prefix = `v2.${ring.currentKeyId}.%`;
  let cursor: string | null = null;
  let total = 0;
  for (;;) {
    const { rows }: { rows: { id: string; v: string }[] } = await client.query(
      `SELECT t.id::text AS id, t.${spec.column} AS v FROM ${spec.table} t
        WHERE t.${spec.column} IS NOT NULL AND t.${spec.column} NOT LIKE $1 AND ($2::text IS NULL OR t.id > $2::${spec.id})
        ORDER BY t.id LIMIT ${batch}`,
      [prefix, cursor],
    );
    if (rows.length === 0) return total;
    cursor = rows[rows.length - 1]!.id;
    const next: { id: string; old: string; v: string }[] = [];
    for (const r of rows) {
      try {
        next.push({ id: r.id, old: r.v, v: ring.cipher.encrypt(ring.cipher.decrypt(r.v)) });
      } catch {
        unreadable.push({ table: spec.table, column: spec.column, id: r.id });
      }
    }
    if (next.length > 0) {
      const r = await client.query(
        `UPDATE ${spec.table} t SET ${spec.column} = u.v FROM unnest($1::${spec.id}[], $2::text[], $3::text[]) AS u(id, old, v)
          WHERE t.id = u.id AND t.${spec.column} = u.old`,
        [next.map((x) => x.id), next.map((x) => x.old), next.map((x) => x.v)],
      );
      total += r.rowCount ?? 0;
    }
    progress({ phase: 'ciphertexts', table: spec.table, column: spec.column, done: total });
  }
}

/** Rows per key id in every ciphertext column: `{ table.column: { keyId: n } }`, 'v1' for the original format. */
export async function countCiphertextsByKey(db: pg.ClientBase | pg.Pool): Promise<Record<string, Record<string, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const c of CIPHERTEXT_COLUMNS) {
    const { rows } = await db.query<{ k: string; n: number }>(
      `SELECT CASE WHEN ${c.column} LIKE 'v1.%' THEN 'v1' WHEN ${c.column} LIKE 'v2.%' THEN substr(${c.column}, 4, 16) ELSE 'unknown' END AS k,
              count(*)::int AS n
         FROM ${c.table} WHERE ${c.column} IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    out[`${c.table}.${c.column}`] = Object.fromEntries(rows.map((r) => [r.k, r.n]));
  }
  return out;
}

/** Sums countCiphertextsByKey over the columns, leaving out `currentKeyId`. */
export function leftUnderOtherKeys(counts: Record<string, Record<string, number>>, currentKeyId: string): Record<string, number> {
  const left: Record<string, number> = {};
  for (const perKey of Object.values(counts)) {
    for (const [k, n] of Object.entries(perKey)) if (k !== currentKeyId) left[k] = (left[k] ?? 0) + n;
  }
  return left;
}

export interface RotateOptions {
  batchSize?: number;
  progress?: (p: RotationProgress) => void;
  /** Called (and awaited) once the look-ups are re-keyed: from then on the service may be started again. */
  lookupsDone?: () => void | Promise<void>;
}

/**
 * Runs (or resumes) the rotation to `keys.current`, see the top of this file. Throws
 * KeyRotationError, with what to do, when the service is running during the look-up phase or the
 * configured keys do not fit the database.
 */
export async function rotateDataKeys(pool: pg.Pool, keys: ConfiguredKeys, opts: RotateOptions = {}): Promise<RotationReport> {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const progress = opts.progress ?? (() => {});
  const ring = createKeyRing(keys.current, keys.previous ?? []);
  // One connection for the whole run: the advisory locks are held by the session.
  const client = await pool.connect();
  try {
    if (!(await tryLock(client, ROTATE_LOCK_ID))) throw new KeyRotationError('Another keys:rotate is running on this database: let it finish.');
    const check = await checkDataKeys(client, keys, { allowPendingRotation: true });
    const report: RotationReport = {
      keyId: ring.currentKeyId,
      lookupRows: 0,
      lookupTables: {},
      reencrypted: 0,
      unreadable: [],
      leftUnderOldKeys: {},
      complete: false,
    };
    if (check.state === 'pending-rotation') {
      if (!(await tryLock(client, SERVICE_LOCK_ID))) {
        const holders = await serviceHolders(client);
        throw new KeyRotationError(
          `The service is running (${holders.length} process${holders.length === 1 ? ' holds' : 'es hold'} the service lock: ` +
            `${holders.map((h) => `pid ${h.pid} from ${h.client}${h.application ? ` "${h.application}"` : ''}`).join(', ') || 'just released'}). ` +
            'Look-ups can only be re-keyed while no server or worker runs: stop them all, then run keys:rotate again. Nothing was changed.',
        );
      }
      await inPgTransaction(client, async () => {
        const row = await readInstallation(client, true);
        if (row.rotation_phase !== 'lookups') {
          await client.query(
            `UPDATE installation SET rotation_phase = 'lookups', rotation_to = $1, rotation_cursors = '{}', rotation_started_at = now() WHERE id = 1`,
            [ring.chain[ring.chain.length - 1]],
          );
        }
      });
      for (const spec of LOOKUP_TABLES) {
        const n = await rekeyTable(client, ring, spec, batch, progress);
        report.lookupTables[spec.table] = n;
        report.lookupRows += n;
      }
      const rl = await rekeyRateLimits(client, ring);
      report.lookupTables.rate_limits = rl;
      report.lookupRows += rl;
      const fp = ring.chain[ring.chain.length - 1]!;
      await client.query(
        `UPDATE installation SET data_key_id = $1, data_key_fingerprint = $2, data_key_chain = $3, rotation_phase = 'ciphertexts',
                rotation_to = NULL, rotation_cursors = '{}' WHERE id = 1`,
        [dataKeyId(fp), fp, ring.chain],
      );
      await client.query('SELECT pg_advisory_unlock($1)', [SERVICE_LOCK_ID]);
    }
    await opts.lookupsDone?.();

    for (const spec of CIPHERTEXT_COLUMNS) report.reencrypted += await reencryptColumn(client, ring, spec, batch, report.unreadable, progress);
    report.leftUnderOldKeys = leftUnderOtherKeys(await countCiphertextsByKey(client), ring.currentKeyId);
    report.complete = Object.keys(report.leftUnderOldKeys).length === 0;
    if (report.complete) {
      await client.query(
        `UPDATE installation SET rotation_phase = NULL, rotated_at = CASE WHEN rotation_phase IS NULL THEN rotated_at ELSE now() END WHERE id = 1`,
      );
    }
    return report;
  } finally {
    // Session locks must not stay with a connection that goes back to the pool.
    const unlocked = await client
      .query('SELECT pg_advisory_unlock_all()')
      .then(() => true)
      .catch(() => false);
    client.release(unlocked ? undefined : true);
  }
}

/**
 * For the server, the worker and the CLI: holds SERVICE_LOCK (shared) on a connection of its own
 * for the life of the process, so keys:rotate cannot re-key look-ups under it. Refuses to start
 * while a rotation holds it.
 *
 * If that connection is lost (a database restart), the lock is taken again as soon as the database
 * answers. Should a rotation hold it by then, or have re-keyed the look-ups in between (the
 * configured `keys` no longer fit the database), this process computes a stale look-up chain:
 * `onStale` is called and must stop the process.
 */
export async function holdServiceLock(
  databaseUrl: string,
  onStale: (e: Error) => void,
  opts: { keys?: ConfiguredKeys; retryMs?: number } = {},
): Promise<{ release(): Promise<void> }> {
  const retryMs = opts.retryMs ?? 5000;
  const connect = async (): Promise<{ client: pg.Client; ok: boolean }> => {
    const client = new pg.Client({ ...clientConfig(databaseUrl), application_name: 'banditore service lock' });
    client.on('error', () => {}); // replaced below once the lock is held
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock_shared($1) AS ok', [SERVICE_LOCK_ID]);
    return { client, ok: rows[0]!.ok };
  };
  const first = await connect();
  if (!first.ok) {
    await first.client.end().catch(() => {});
    throw new KeyRotationError(
      'Banditore non parte: keys:rotate sta ricalcolando le chiavi di ricerca (HMAC). Aspetta che finisca, poi riavvia. Vedi docs/operations.md ("Key rotation").',
    );
  }
  let client = first.client;
  let released = false;
  let timer: NodeJS.Timeout | undefined;
  const stale = (e: Error) => {
    if (!released) onStale(e);
  };
  const watch = (c: pg.Client) => {
    c.removeAllListeners('error');
    c.on('error', () => {
      void c.end().catch(() => {});
      if (!released) timer = setTimeout(() => void retake(), retryMs);
    });
  };
  const retake = async (): Promise<void> => {
    if (released) return;
    let next: { client: pg.Client; ok: boolean };
    try {
      next = await connect();
    } catch {
      timer = setTimeout(() => void retake(), retryMs);
      return;
    }
    if (released) return void (await next.client.end().catch(() => {}));
    if (!next.ok) {
      await next.client.end().catch(() => {});
      return stale(
        new KeyRotationError(
          'keys:rotate is re-keying the look-ups while this process runs with the previous chain: stop it, start it again after the rotation.',
        ),
      );
    }
    if (opts.keys) {
      try {
        await checkDataKeys(next.client, opts.keys);
      } catch (e) {
        await next.client.end().catch(() => {});
        // Keys that no longer fit stop the process; the connection lost again during the check
        // (another blip) is just retried, like a failed connect.
        if (e instanceof DataKeyMismatchError) return stale(e);
        timer = setTimeout(() => void retake(), retryMs);
        return;
      }
    }
    client = next.client;
    watch(client);
  };
  watch(client);
  return {
    async release() {
      released = true;
      clearTimeout(timer);
      await client.end().catch(() => {});
    },
  };
}
