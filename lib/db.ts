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

/**
 * Brakes for a database that hangs instead of refusing: without them a query or a connect waits
 * forever and everything queued behind it grows until the process dies.
 * - connectionTimeoutMillis: connecting, and (in a pool) waiting for a free connection.
 * - statement_timeout: the server cancels a statement running longer (the longest we run, a
 *   million-row fan-out, takes a few seconds).
 * - idle_in_transaction_session_timeout: the server ends a session left idle inside a transaction
 *   (a crashed use case holding locks); Prisma's own transaction timeout is 30 s.
 * The two server-side ones can be changed per install in DATABASE_URL, whose parameters win
 * (node-postgres reads them from the URL): `?statement_timeout=120000` (milliseconds).
 */
export const DB_TIMEOUTS = {
  connectionTimeoutMillis: 10_000,
  statement_timeout: 60_000,
  idle_in_transaction_session_timeout: 60_000,
} as const;

/** Options for every pg.Client / pg.Pool / adapter of the app (migrations excepted). */
export function clientConfig(databaseUrl: string): { connectionString: string } & typeof DB_TIMEOUTS {
  return { connectionString: databaseUrl, ...DB_TIMEOUTS };
}

export function createPrisma(databaseUrl: string, max = 10): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ ...clientConfig(databaseUrl), max }), transactionOptions: TRANSACTION_OPTIONS });
}

export function connect(databaseUrl: string): Handles {
  let h = registry.get(databaseUrl);
  if (!h) {
    const pool = new pg.Pool({ ...clientConfig(databaseUrl), max: 10, idleTimeoutMillis: 30_000 });
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
