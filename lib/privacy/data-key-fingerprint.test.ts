import { randomBytes } from 'node:crypto';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createTestDatabase, createTestContext, type TestContext } from '../testing/test-context';
import { createDataCipher } from './crypto';
import { checkDataKey, checkDataKeys, dataKeyFingerprint, dataKeyId, DataKeyMismatchError } from './data-key-fingerprint';

let ctx: TestContext;
const opened: pg.Client[] = [];
beforeEach(async () => {
  await ctx?.close();
  ctx = await createTestContext({ seed: false });
});
afterAll(async () => {
  await Promise.all(opened.map((c) => c.end()));
  await ctx.close();
});

describe('the data key fingerprint', () => {
  it('is recorded on first start and matched on the next ones', async () => {
    const key = randomBytes(32);
    expect(await checkDataKey(ctx.pool, key)).toEqual({ keyId: dataKeyId(dataKeyFingerprint(key)), recorded: true });
    expect(await checkDataKey(ctx.pool, key)).toEqual({ keyId: dataKeyId(dataKeyFingerprint(key)), recorded: false });
    const { rows } = await ctx.pool.query(`SELECT id, data_key_id, data_key_fingerprint FROM installation`);
    expect(rows).toEqual([{ id: 1, data_key_id: dataKeyFingerprint(key).slice(0, 16), data_key_fingerprint: dataKeyFingerprint(key) }]);
  });

  it('refuses another key, in Italian, and leaves the record alone', async () => {
    const key = randomBytes(32);
    const other = randomBytes(32);
    await checkDataKey(ctx.pool, key);
    const err = await checkDataKey(ctx.pool, other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataKeyMismatchError);
    expect((err as Error).message).toContain('la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database');
    expect((err as Error).message).toContain(dataKeyId(dataKeyFingerprint(key)));
    await expect(checkDataKey(ctx.pool, key)).resolves.toMatchObject({ recorded: false });
  });

  it('is neither the key nor anything the cipher derives from it', () => {
    const key = randomBytes(32);
    const fp = dataKeyFingerprint(key);
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fp).not.toBe(key.toString('hex'));
    expect(fp).not.toContain(key.toString('hex').slice(0, 16));
    expect(fp).not.toBe(createDataCipher(key).hmac(''));
    expect(dataKeyFingerprint(randomBytes(32))).not.toBe(fp);
    expect(dataKeyFingerprint(Buffer.from(key))).toBe(fp);
  });

  it('is race-safe: processes starting together agree on one key', async () => {
    // One connection each, as separate processes would have.
    const clients = async (url: string) =>
      Promise.all(
        Array.from({ length: 8 }, async () => {
          const c = new pg.Client({ connectionString: url });
          await c.connect();
          opened.push(c);
          return c;
        }),
      );
    const key = randomBytes(32);
    const results = await Promise.all((await clients(await createTestDatabase())).map((c) => checkDataKey(c, key)));
    expect(results.filter((r) => r.recorded)).toHaveLength(1);

    const keys = [randomBytes(32), randomBytes(32)];
    const settled = await Promise.allSettled((await clients(await createTestDatabase())).map((c, i) => checkDataKey(c, keys[i % 2]!)));
    const winners = new Set(settled.flatMap((s, i) => (s.status === 'fulfilled' ? [i % 2] : [])));
    expect(winners.size).toBe(1);
    const losers = settled.filter((s) => s.status === 'rejected');
    expect(losers).toHaveLength(4);
    for (const l of losers) expect((l as PromiseRejectedResult).reason).toBeInstanceOf(DataKeyMismatchError);
  });

  it('records the whole configured chain on a first start, and a start during rotation only for keys:*', async () => {
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    expect(await checkDataKeys(ctx.pool, { current: b, previous: [a] })).toMatchObject({
      recorded: true,
      state: 'ready',
      keyId: dataKeyId(dataKeyFingerprint(b)),
    });
    const { rows } = await ctx.pool.query(`SELECT data_key_id, data_key_chain FROM installation`);
    expect(rows).toEqual([{ data_key_id: dataKeyId(dataKeyFingerprint(b)), data_key_chain: [dataKeyFingerprint(a), dataKeyFingerprint(b)] }]);
    await expect(checkDataKey(ctx.pool, { current: b, previous: [a] })).resolves.toEqual({ keyId: dataKeyId(dataKeyFingerprint(b)), recorded: false });
    // c on top of a, b: a rotation not yet run. Accepted by keys:* only, refused elsewhere, record untouched.
    await expect(checkDataKeys(ctx.pool, { current: c, previous: [a, b] }, { allowPendingRotation: true })).resolves.toMatchObject({
      state: 'pending-rotation',
    });
    await expect(checkDataKey(ctx.pool, { current: c, previous: [a, b] })).rejects.toBeInstanceOf(DataKeyMismatchError);
    // An unrelated key stays refused even next to a previous key of the database.
    await expect(checkDataKey(ctx.pool, { current: c, previous: [a] })).rejects.toThrow('la chiave DATA_ENCRYPTION_KEY non corrisponde');
    const after = await ctx.pool.query(`SELECT data_key_id FROM installation`);
    expect(after.rows).toEqual([{ data_key_id: dataKeyId(dataKeyFingerprint(b)) }]);
  });
});
