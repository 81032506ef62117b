import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export type { PrismaClient };
export type Db = PrismaClient;

/**
 * One Prisma client and one node-postgres pool per database URL and process. Prisma serves the
 * domain code; the raw pool serves the hot paths that want plain SQL (webhook ingestion, queue
 * claims with FOR UPDATE SKIP LOCKED, LISTEN/NOTIFY).
 */
interface Handles {
  prisma: PrismaClient;
  pool: pg.Pool;
}

const registry = new Map<string, Handles>();

/*
 * Prisma's interactive transactions default to waiting 2 s for a connection and 5 s for the whole
 * transaction. Under a send (the pool shared with the claim loop and the webhook's flushes) a short
 * use case can wait longer than that for a connection and then fail although nothing is wrong; a
 * failed pause or opt-out is then retried later instead of now. The limits stay, only wider.
 */
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

export function createPrisma(databaseUrl: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max }), transactionOptions: TRANSACTION_OPTIONS });
}

export function connect(databaseUrl: string): Handles {
  let h = registry.get(databaseUrl);
  if (!h) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 30_000 });
    // An idle client's error (database restarted) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    h = { prisma: createPrisma(databaseUrl), pool };
    registry.set(databaseUrl, h);
  }
  return h;
}

export async function disconnectAll(): Promise<void> {
  const all = [...registry.values()];
  registry.clear();
  await Promise.all(all.map(async (h) => Promise.all([h.prisma.$disconnect(), h.pool.end()])));
}
