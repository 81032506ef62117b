import type pg from 'pg';
import { connect, type Db } from './db';
import { getEnv, type Env, type WhatsAppConfig } from './env';
import { createLogger, type Logger } from './log';
import { createDataCipher, type DataCipher } from './privacy/crypto';

/**
 * Everything a use case needs, passed explicitly: tests build their own context against their own
 * database and clock; the app and the worker build one from the environment.
 */
export interface AppContext {
  db: Db;
  pool: pg.Pool;
  cipher: DataCipher;
  whatsapp: WhatsAppConfig;
  publicUrl: string;
  log: Logger;
  now(): Date;
  /** SMTP is configured (SMTP_*): staff notices are mailed too, not only shown on the dashboard. */
  mailEnabled?: boolean;
}

export function createAppContext(env: Env, overrides: Partial<AppContext> = {}): AppContext {
  const { prisma, pool } = connect(env.databaseUrl);
  return {
    db: prisma,
    pool,
    cipher: createDataCipher(env.dataEncryptionKey, env.previousDataEncryptionKeys),
    whatsapp: env.whatsapp,
    publicUrl: env.publicUrl,
    log: createLogger(env.logLevel),
    now: () => new Date(),
    mailEnabled: env.smtp !== null,
    ...overrides,
  };
}

let shared: AppContext | undefined;

/** The process-wide context, built from the validated environment on first use. */
export function getAppContext(): AppContext {
  shared ??= createAppContext(getEnv());
  return shared;
}
