import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { createKeyRing } from '../privacy/crypto';
import { dataKeyFingerprint, dataKeyId, type ConfiguredKeys } from '../privacy/data-key-fingerprint';
import { countCiphertextsByKey, leftUnderOtherKeys, LOOKUP_TABLES } from '../privacy/key-rotation';

export interface DataKeyStatus {
  /** The configured keys (DATA_ENCRYPTION_KEY, DATA_ENCRYPTION_KEY_PREVIOUS oldest first), as ids. */
  configured: { currentKeyId: string; previousKeyIds: string[] };
  /** What the database records (installation). */
  database: {
    keyId: string;
    chain: string[];
    phase: 'lookups' | 'ciphertexts' | null;
    rotationTo: string | null;
    rotatedAt: Date | null;
    /** During the look-up phase: rows per table not yet re-keyed. */
    lookupsLeft: Record<string, number>;
  };
  /** Rows per key id in each ciphertext column ('v1' = original format). */
  ciphertexts: Record<string, Record<string, number>>;
  /** Rows per key id over all ciphertext columns. */
  rowsPerKey: Record<string, number>;
  /** Rows not under the database's current key, per key id. */
  leftUnderOldKeys: Record<string, number>;
}

/** keys:status: which key is current, which are previous, and how many rows each key holds. */
export async function getDataKeyStatus(ctx: AppContext, { actor, keys }: { actor: AnyActor; keys: ConfiguredKeys }): Promise<DataKeyStatus> {
  assertActor(actor, 'ADMIN');
  const ring = createKeyRing(keys.current, keys.previous ?? []);
  const { rows } = await ctx.pool.query<{
    data_key_id: string;
    data_key_chain: string[] | null;
    rotation_phase: 'lookups' | 'ciphertexts' | null;
    rotation_to: string | null;
    rotation_cursors: Record<string, string>;
    rotated_at: Date | null;
  }>(`SELECT data_key_id, data_key_chain, rotation_phase, rotation_to, rotation_cursors, rotated_at FROM installation WHERE id = 1`);
  const row = rows[0];
  const lookupsLeft: Record<string, number> = {};
  if (row?.rotation_phase === 'lookups') {
    for (const t of LOOKUP_TABLES) {
      const cursor = row.rotation_cursors[t.table];
      if (cursor === 'done') continue;
      const r = await ctx.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.table} WHERE $1::text IS NULL OR id > $1::${t.id}`, [cursor ?? null]);
      lookupsLeft[t.table] = r.rows[0]!.n;
    }
  }
  const ciphertexts = await countCiphertextsByKey(ctx.pool);
  const rowsPerKey = leftUnderOtherKeys(ciphertexts, '');
  const keyId = row?.data_key_id ?? ring.currentKeyId;
  return {
    configured: { currentKeyId: ring.currentKeyId, previousKeyIds: (keys.previous ?? []).map((k) => dataKeyId(dataKeyFingerprint(k))) },
    database: {
      keyId,
      chain: (row?.data_key_chain ?? []).map(dataKeyId),
      phase: row?.rotation_phase ?? null,
      rotationTo: row?.rotation_to ? dataKeyId(row.rotation_to) : null,
      rotatedAt: row?.rotated_at ?? null,
      lookupsLeft,
    },
    ciphertexts,
    rowsPerKey,
    leftUnderOldKeys: leftUnderOtherKeys(ciphertexts, keyId),
  };
}
