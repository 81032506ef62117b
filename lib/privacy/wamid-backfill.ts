import type pg from 'pg';
import type { DataCipher } from './crypto';
import { messageDedupeKey, messageEvidence, statusDedupeKey, wamidHmac } from './wamid';

/**
 * Start-up step after the SQL migrations: the migration that renamed `wamid` to `wamid_hmac`
 * (20261203100000_wamid_hmac) cannot compute a keyed HMAC, so rows written before it still hold
 * clear wamids, which hold phone numbers. This rewrites them in batches: delivery and outbox
 * wamids to their HMAC, inbound dedupe keys `msg:wamid.…` / `status:wamid.…:<status>` to the keys
 * built from the HMAC, and consent evidence naming a wamid to `whatsapp:<HMAC>`.
 *
 * Idempotent: every statement only touches rows still in the old format, so a second run (or a
 * second process starting at the same time, serialised by an advisory lock) changes nothing.
 */
const LOCK_ID = 72707370;
const BATCH = 1000;
const WAMID = /wamid\.[A-Za-z0-9+/=_-]+/g;

export interface WamidBackfillResult {
  deliveries: number;
  outboundMessages: number;
  inboundEvents: number;
  consentEvents: number;
}

export async function hmacClearWamids(pool: pg.Pool, cipher: DataCipher): Promise<WamidBackfillResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    return {
      deliveries: await rewriteColumn(client, cipher, 'deliveries'),
      outboundMessages: await rewriteColumn(client, cipher, 'outbound_messages'),
      inboundEvents: await rewriteDedupeKeys(client, cipher),
      consentEvents: await scrubEvidence(client, cipher),
    };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {});
    client.release();
  }
}

async function rewriteColumn(db: pg.PoolClient, cipher: DataCipher, table: 'deliveries' | 'outbound_messages'): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await db.query<{ id: string; w: string }>(`SELECT id::text, wamid_hmac AS w FROM ${table} WHERE wamid_hmac LIKE 'wamid.%' LIMIT ${BATCH}`);
    if (rows.length === 0) return total;
    const r = await db.query(
      `UPDATE ${table} t SET wamid_hmac = u.h FROM unnest($1::bigint[], $2::text[]) AS u(id, h) WHERE t.id = u.id AND t.wamid_hmac LIKE 'wamid.%'`,
      [rows.map((x) => x.id), rows.map((x) => wamidHmac(cipher, x.w))],
    );
    total += r.rowCount ?? 0;
  }
}

function newKey(cipher: DataCipher, key: string): string {
  if (key.startsWith('msg:')) return messageDedupeKey(cipher, key.slice(4));
  const rest = key.slice('status:'.length);
  const at = rest.lastIndexOf(':');
  return statusDedupeKey(cipher, rest.slice(0, at), rest.slice(at + 1));
}

async function rewriteDedupeKeys(db: pg.PoolClient, cipher: DataCipher): Promise<number> {
  let total = 0;
  for (;;) {
    const { rows } = await db.query<{ id: string; k: string }>(
      `SELECT id::text, dedupe_key AS k FROM inbound_events WHERE dedupe_key LIKE 'msg:wamid.%' OR dedupe_key LIKE 'status:wamid.%' LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return total;
    const ids = rows.map((x) => x.id);
    const keys = rows.map((x) => newKey(cipher, x.k));
    await db.query('BEGIN');
    try {
      // Meta replayed the event after the upgrade: the new-format row already stands for it.
      const dropped = await db.query(
        `DELETE FROM inbound_events e USING unnest($1::bigint[], $2::text[]) AS u(id, k)
          WHERE e.id = u.id AND EXISTS (SELECT 1 FROM inbound_events n WHERE n.dedupe_key = u.k)`,
        [ids, keys],
      );
      const r = await db.query(
        `UPDATE inbound_events e SET dedupe_key = u.k FROM unnest($1::bigint[], $2::text[]) AS u(id, k)
          WHERE e.id = u.id AND (e.dedupe_key LIKE 'msg:wamid.%' OR e.dedupe_key LIKE 'status:wamid.%')`,
        [ids, keys],
      );
      await db.query('COMMIT');
      total += (r.rowCount ?? 0) + (dropped.rowCount ?? 0);
    } catch (e) {
      await db.query('ROLLBACK');
      throw e;
    }
  }
}

/**
 * The consent ledger is append-only for the application. Erasing a number from a record's
 * evidence is the one rewrite it must allow: the action, channel, time and phone HMAC stay as they
 * were. No trigger guards consent_events against updates today; should one be added, it is
 * disabled for this one transaction only (and only when there is something to scrub), so the
 * redaction neither fails start-up nor opens the ledger to anything else.
 */
async function scrubEvidence(db: pg.PoolClient, cipher: DataCipher): Promise<number> {
  const pending = await db.query(`SELECT 1 FROM consent_events WHERE evidence LIKE '%wamid.%' LIMIT 1`);
  if (pending.rowCount === 0) return 0;
  await db.query('BEGIN');
  try {
    const { rows: triggers } = await db.query<{ name: string }>(
      // tgtype bit 4 (16) = UPDATE
      `SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'consent_events'::regclass AND NOT tgisinternal AND (tgtype & 16) <> 0 AND tgenabled <> 'D'`,
    );
    for (const t of triggers) await db.query(`ALTER TABLE consent_events DISABLE TRIGGER "${t.name.replace(/"/g, '""')}"`);
    let total = 0;
    for (let after = '0'; ;) {
      const { rows } = await db.query<{ id: string; evidence: string }>(
        `SELECT id::text, evidence FROM consent_events WHERE evidence LIKE '%wamid.%' AND id > $1 ORDER BY id LIMIT ${BATCH}`,
        [after],
      );
      if (rows.length === 0) break;
      const r = await db.query(`UPDATE consent_events c SET evidence = u.e FROM unnest($1::bigint[], $2::text[]) AS u(id, e) WHERE c.id = u.id`, [
        rows.map((x) => x.id),
        rows.map((x) => x.evidence.replace(WAMID, (w) => messageEvidence(cipher, w))),
      ]);
      total += r.rowCount ?? 0;
      after = rows[rows.length - 1]!.id;
    }
    for (const t of triggers) await db.query(`ALTER TABLE consent_events ENABLE TRIGGER "${t.name.replace(/"/g, '""')}"`);
    await db.query('COMMIT');
    return total;
  } catch (e) {
    await db.query('ROLLBACK');
    throw e;
  }
}
