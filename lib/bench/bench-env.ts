/**
 * The pieces a delivery benchmark needs around the code under test: a throwaway database (an
 * ephemeral embedded PostgreSQL in a temp dir, or a fresh database on DATABASE_URL's server) and
 * an application context for it. The simulator runs in its own process
 * (lib/delivery/testing/simulator-process.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { AppContext } from '../context';
import { connect, disconnectAll } from '../db';
import { migrate } from '../db/migrate';
import { rawSetting, SIMULATOR_DEFAULTS } from '../env';
import { silentLogger } from '../log';
import { createDataCipher } from '../privacy/crypto';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres';
import { seedTopics } from '../subscriptions/seed';
import { TEST_IDS } from '../whatsapp/simulator/test-support';

export interface BenchDb {
  url: string;
  where: string;
  /** The PostgreSQL server's main process (its CPU time is read from /proc), when it runs here. */
  serverPid(): Promise<number | null>;
  drop(): Promise<void>;
}

/** A fresh database on `external`'s server (default DATABASE_URL), else an ephemeral embedded one. */
export async function benchDatabase(external = rawSetting('DATABASE_URL'), prefix = 'banditore_bench', o: { statementStats?: boolean } = {}): Promise<BenchDb> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  if (external) {
    const admin = new pg.Client({ connectionString: external });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(external);
    url.pathname = `/${name}`;
    await migrate(url.toString());
    return {
      url: url.toString(),
      where: `database ${name} on ${url.host}`,
      serverPid: async () => null,
      async drop() {
        const c = new pg.Client({ connectionString: external });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-bench-'));
  const db = await startEmbeddedPostgres({ dataDir: dir, database: name, ephemeral: true, statementStats: o.statementStats });
  await migrate(db.url);
  return {
    url: db.url,
    where: `embedded PostgreSQL in ${dir}`,
    async serverPid() {
      const first = (await readFile(path.join(dir, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0];
      return first ? Number(first) : null;
    },
    async drop() {
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function benchContext(databaseUrl: string): Promise<{ ctx: AppContext; dataKey: string; close(): Promise<void> }> {
  const key = randomBytes(32);
  const { prisma, pool } = connect(databaseUrl);
  const ctx: AppContext = {
    db: prisma,
    pool,
    cipher: createDataCipher(key),
    whatsapp: {
      mode: 'meta',
      graphUrl: 'http://127.0.0.1:9',
      graphVersion: 'v27.0',
      phoneNumberId: TEST_IDS.phoneNumberId,
      wabaId: TEST_IDS.wabaId,
      accessToken: TEST_IDS.accessToken,
      appSecret: TEST_IDS.appSecret,
      verifyToken: 'test-verify-token',
      displayNumber: SIMULATOR_DEFAULTS.displayNumber,
    },
    publicUrl: 'http://localhost:3000',
    log: silentLogger,
    now: () => new Date(),
  };
  await seedTopics(ctx.db);
  return { ctx, dataKey: key.toString('base64'), close: () => disconnectAll() };
}
