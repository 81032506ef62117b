import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from '../delivery/testing/worker-process';
import { createTestContext, type TestContext } from '../testing/test-context';
import { addSubscribers } from '../testing/fixtures';
import { createDataCipher } from './crypto';
import { checkDataKey, dataKeyFingerprint, dataKeyId } from './data-key-fingerprint';
import { countCiphertextsByKey, KeyRotationError, rotateDataKeys } from './key-rotation';

/**
 * Key rotation against real worker processes (lib/worker/main.ts as `npm run worker` starts it):
 * a running worker blocks the look-up phase, a worker with the wrong keys refuses to start.
 */
const A = randomBytes(32);
const B = randomBytes(32);
const id = (k: Buffer) => dataKeyId(dataKeyFingerprint(k));
const b64 = (k: Buffer) => k.toString('base64');

let ctx: TestContext;
const started: WorkerProcess[] = [];
const worker = (dataKey: Buffer, previous?: Buffer[]) => {
  const w = spawnWorker({
    databaseUrl: ctx.databaseUrl,
    graphUrl: 'http://127.0.0.1:9',
    dataKey: b64(dataKey),
    previousDataKeys: previous?.map(b64).join(','),
  });
  started.push(w);
  return w;
};
const stop = async (w: WorkerProcess) => {
  w.kill('SIGTERM');
  await w.exited;
};

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.cipher = createDataCipher(A);
  await checkDataKey(ctx.pool, A);
  await addSubscribers(ctx, 2, ['viabilita']);
});
afterAll(async () => {
  for (const w of started) w.kill('SIGKILL');
  await ctx.close();
});

describe('keys:rotate and running workers', () => {
  it('a running worker blocks the look-up phase; stopped, the rotation runs; restarted with the wrong keys it refuses', { timeout: 120_000 }, async () => {
    const running = worker(A);
    await running.ready;
    const err = await rotateDataKeys(ctx.pool, { current: B, previous: [A] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeyRotationError);
    expect((err as Error).message).toMatch(/The service is running \(1 process holds the service lock: pid \d+/);
    expect(Object.keys((await countCiphertextsByKey(ctx.pool))['subscribers.phone_enc']!)).toEqual([id(A)]);

    // With the new settings the worker refuses until keys:rotate has run.
    const early = worker(B, [A]);
    expect(await early.exited).toBe(1);
    expect(early.output()).toContain(`DATA_ENCRYPTION_KEY è una chiave nuova (${id(B)})`);

    await stop(running);
    const report = await rotateDataKeys(ctx.pool, { current: B, previous: [A] });
    expect(report).toMatchObject({ complete: true, leftUnderOldKeys: {} });

    const alone = worker(B);
    expect(await alone.exited).toBe(1);
    expect(alone.output()).toContain(`mancano: ${id(A)}`);
    const old = worker(A);
    expect(await old.exited).toBe(1);
    expect(old.output()).toContain(`è una chiave precedente di questo database, sostituita da ${id(B)}`);

    const right = worker(B, [A]);
    await right.ready;
    // And while it runs, a further rotation's look-up phase is refused again.
    const again = await rotateDataKeys(ctx.pool, { current: randomBytes(32), previous: [A, B] }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(KeyRotationError);
    await stop(right);
  });
});
