import type pg from 'pg';

/** Runs fn between BEGIN and COMMIT on a client that already holds a connection; ROLLBACK if it throws. */
export async function inPgTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/** Takes a connection from the pool for one transaction (raw SQL paths that Prisma cannot express), and gives it back. */
export async function withPgTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    return await inPgTransaction(client, () => fn(client));
  } finally {
    client.release();
  }
}
