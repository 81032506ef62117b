import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from '../delivery/testing/worker-process';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
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
/** `npm run cli -- <args>` as an operator runs it, configured through the environment only. */
function cli(keys: { current: Buffer; previous?: Buffer[] }, ...args: string[]): Promise<{ code: number | null; out: string }> {
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    HOME: os.homedir(),
    DATA_DIR: path.resolve('.data-worker-test-unused'),
    DATABASE_URL: ctx.databaseUrl,
    WHATSAPP_ACCESS_TOKEN: TEST_IDS.accessToken,
    WHATSAPP_APP_SECRET: TEST_IDS.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
    WHATSAPP_PHONE_NUMBER_ID: TEST_IDS.phoneNumberId,
    WHATSAPP_WABA_ID: TEST_IDS.wabaId,
    WHATSAPP_DISPLAY_NUMBER: `+${TEST_IDS.displayPhoneNumber}`,
    AUTH_SECRET: 'test-auth-secret-test-auth-secret-0123456789',
    DATA_ENCRYPTION_KEY: b64(keys.current),
    ...(keys.previous ? { DATA_ENCRYPTION_KEY_PREVIOUS: keys.previous.map(b64).join(',') } : {}),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.resolve('lib/cli/main.ts'), ...args],
      { env: env as NodeJS.ProcessEnv, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, out: stdout + stderr }),
    );
  });
}
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

    // Other CLI commands are refused with the new settings too; keys:status is not.
    const refused = await cli({ current: B, previous: [A] }, 'settings:set', 'messagesPerSecond', '10');
    expect(refused.code).toBe(1);
    expect(refused.out).toContain(`DATA_ENCRYPTION_KEY è una chiave nuova (${id(B)})`);
    const status = await cli({ current: B, previous: [A] }, 'keys:status');
    expect(status.code).toBe(0);
    expect(status.out).toContain(`Rotazione non ancora eseguita verso ${id(B)}`);

    await stop(running);
    const rotated = await cli({ current: B, previous: [A] }, 'keys:rotate');
    expect(rotated.out).toContain(`Rotazione completata: tutto è sotto la chiave ${id(B)}.`);
    expect(rotated.code).toBe(0);
    expect(Object.keys((await countCiphertextsByKey(ctx.pool))['subscribers.phone_enc']!)).toEqual([id(B)]);

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
