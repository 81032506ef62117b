import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, disconnectAll } from '../db';
import { SIMULATOR_DEFAULTS, type WhatsAppConfig } from '../env';
import type { AppContext } from '../context';
import { silentLogger } from '../log';
import { createDataCipher } from '../privacy/crypto';
import { seedTopics } from '../subscriptions/seed';

const TEMPLATE_DB = 'banditore_template';

export interface TestClock {
  now(): Date;
  set(d: Date | string): void;
  advance(ms: number): void;
}

export function createClock(start: Date | string = '2026-11-29T10:00:00Z'): TestClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set: (d) => {
      t = new Date(d).getTime();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

/** A fresh database cloned from the migrated template. */
export async function createTestDatabase(): Promise<string> {
  const base = inject('dbBaseUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

export interface TestContext extends AppContext {
  clock: TestClock;
  databaseUrl: string;
  close(): Promise<void>;
}

export async function createTestContext(
  opts: {
    whatsapp?: Partial<WhatsAppConfig>;
    seed?: boolean;
    /** An existing, migrated database instead of a fresh clone of the template. */
    databaseUrl?: string;
    /** DATA_ENCRYPTION_KEY (32 bytes); a random one by default. */
    dataKey?: Buffer;
  } = {},
): Promise<TestContext> {
  const databaseUrl = opts.databaseUrl ?? (await createTestDatabase());
  const { prisma, pool } = connect(databaseUrl);
  const clock = createClock();
  const ctx: TestContext = {
    db: prisma,
    pool,
    cipher: createDataCipher(opts.dataKey ?? randomBytes(32)),
    whatsapp: {
      mode: 'meta',
      graphUrl: 'http://127.0.0.1:9',
      graphVersion: 'v27.0',
      phoneNumberId: SIMULATOR_DEFAULTS.phoneNumberId,
      wabaId: SIMULATOR_DEFAULTS.wabaId,
      accessToken: 'test-token',
      appSecret: 'test-app-secret',
      verifyToken: 'test-verify-token',
      displayNumber: '+393204321474',
      ...opts.whatsapp,
    },
    publicUrl: 'http://localhost:3000',
    log: silentLogger,
    now: clock.now,
    clock,
    databaseUrl,
    close: () => disconnectAll(),
  };
  if (opts.seed !== false) await seedTopics(ctx.db);
  return ctx;
}
