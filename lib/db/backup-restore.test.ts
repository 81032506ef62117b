import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { checkDataKey, DataKeyMismatchError } from '../privacy/data-key-fingerprint';
import { startSystemPostgres, type SystemPostgres } from '../testing/system-postgres';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, textMessage, webhookPayload } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { migrate } from './migrate';

const run = promisify(execFile);

/**
 * The restore drill of docs/operations.md ("Backups"), performed: a running installation's database
 * is dumped with the documented pg_dump command, dropped, restored with the documented pg_restore
 * command, and the service works on it again: the same data key opens it, numbers and names decrypt,
 * a citizen's next message is processed. A different key is refused, as at start-up.
 */
let pgsys: SystemPostgres;
let dumpDir: string;
const key = randomBytes(32);
const DB = 'banditore_drill';
const digits = '393471234567';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: `${pgsys.baseUrl}/postgres` });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function say(ctx: TestContext, text: string) {
  const raw = Buffer.from(metaJson(webhookPayload({ messages: [textMessage(text, { from: digits, profileName: 'Mario Rossi' })] })));
  expect((await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).status).toBe(200);
  while ((await processInboundBatch(ctx)) > 0);
}

const contextOn = (dataKey: Buffer) =>
  createTestContext({ databaseUrl: `${pgsys.baseUrl}/${DB}`, dataKey, seed: false, whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });

beforeAll(async () => {
  pgsys = await startSystemPostgres();
  dumpDir = await mkdtemp(path.join(os.tmpdir(), 'banditore-dump-'));
  await admin((c) => c.query(`CREATE DATABASE ${DB}`));
}, 120_000);

afterAll(async () => {
  await pgsys?.stop();
  if (dumpDir) await rm(dumpDir, { recursive: true, force: true });
});

describe('backup and restore drill (pg_dump / pg_restore)', () => {
  it('dumps, drops, restores, and the service works on the restored database with the same key', async () => {
    const url = `${pgsys.baseUrl}/${DB}`;
    await migrate(url);
    let ctx = await contextOn(key);
    await checkDataKey(ctx.pool, key);
    const { seedTopics } = await import('../subscriptions/seed');
    await seedTopics(ctx.db);
    await say(ctx, 'Iscrivimi Mario Rossi');
    const before = await ctx.db.subscriber.findFirstOrThrow({ where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) } });
    expect(before.status).toBe('ACTIVE');
    await ctx.close();

    // The documented backup (docs/operations.md), with this cluster's own client tools.
    const file = path.join(dumpDir, 'banditore.dump');
    await run(path.join(pgsys.bindir, 'pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, url]);
    expect((await stat(file)).size).toBeGreaterThan(10_000);

    // Disaster: the database is gone.
    await admin((c) => c.query(`DROP DATABASE ${DB} WITH (FORCE)`));
    await admin((c) => c.query(`CREATE DATABASE ${DB}`));
    await run(path.join(pgsys.bindir, 'pg_restore'), ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${url}`, file]);

    // Start-up on the restored database: migrations are all there, the key matches.
    expect((await migrate(url)).applied).toEqual([]);
    ctx = await contextOn(key);
    try {
      expect((await checkDataKey(ctx.pool, key)).recorded).toBe(false);
      const after = await ctx.db.subscriber.findFirstOrThrow({ where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) } });
      expect(after).toMatchObject({ id: before.id, status: 'ACTIVE' });
      expect(ctx.cipher.decrypt(after.phoneEnc!)).toBe(`+${digits}`);
      expect([ctx.cipher.decrypt(after.firstNameEnc!), ctx.cipher.decrypt(after.lastNameEnc!)]).toEqual(['Mario', 'Rossi']);

      // The service goes on: the next message is stored, processed and answered (sequences restored too).
      await say(ctx, 'Cancellami');
      const gone = await ctx.db.subscriber.findUniqueOrThrow({ where: { id: before.id } });
      expect(gone).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null, firstNameEnc: null });
      expect(await ctx.db.consentEvent.findMany({ where: { phoneHmac: before.phoneHmac! }, select: { action: true }, orderBy: { id: 'asc' } })).toEqual([
        { action: 'OPT_IN' },
        { action: 'OPT_OUT' },
      ]);
      expect(await ctx.db.outboundMessage.count()).toBe(2);
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it('a backup opened with another data key is refused, as at start-up', async () => {
    const ctx = await contextOn(randomBytes(32));
    try {
      await expect(checkDataKey(ctx.pool, randomBytes(32))).rejects.toBeInstanceOf(DataKeyMismatchError);
    } finally {
      await ctx.close();
    }
  });
});
