import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, createPrisma, DB_TIMEOUTS } from './db';
import { createTestContext, type TestContext } from './testing/test-context';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const withParams = (url: string, params: string) => `${url}${url.includes('?') ? '&' : '?'}${params}`;

describe('database timeouts', () => {
  it('every session of the pool and of Prisma runs with a statement and an idle-in-transaction timeout', async () => {
    for (const show of ['statement_timeout', 'idle_in_transaction_session_timeout']) {
      const { rows } = await ctx.pool.query<Record<string, string>>(`SHOW ${show}`);
      expect(rows[0]![show]).toBe('1min');
      const viaPrisma = await ctx.db.$queryRawUnsafe<Record<string, string>[]>(`SHOW ${show}`);
      expect(viaPrisma[0]![show]).toBe('1min');
    }
    expect(DB_TIMEOUTS.statement_timeout).toBe(60_000);
  });

  it('the server cancels a statement past the timeout, and DATABASE_URL parameters override the default', async () => {
    const { pool } = connect(withParams(ctx.databaseUrl, 'statement_timeout=200'));
    const prisma = createPrisma(withParams(ctx.databaseUrl, 'statement_timeout=200'), 1);
    try {
      const start = Date.now();
      await expect(pool.query('SELECT pg_sleep(5)')).rejects.toMatchObject({ code: '57014' });
      expect(Date.now() - start).toBeLessThan(2000);
      await expect(prisma.$queryRawUnsafe('SELECT pg_sleep(5)')).rejects.toThrow(/cancel/i);
      expect(Date.now() - start).toBeLessThan(4000);
    } finally {
      await prisma.$disconnect();
    }
  });

  it('the server ends a session left idle inside a transaction', async () => {
    const { pool } = connect(withParams(ctx.databaseUrl, 'idle_in_transaction_session_timeout=200'));
    const client = await pool.connect();
    const errors: unknown[] = [];
    client.on('error', (e) => errors.push(e));
    try {
      await client.query('BEGIN');
      await new Promise((r) => setTimeout(r, 600));
      await expect(client.query('SELECT 1')).rejects.toThrow();
    } finally {
      client.release(true);
    }
  });

  it(
    'a database that accepts the connection but never answers fails the query after connectionTimeoutMillis',
    async () => {
      const sockets: Socket[] = [];
      const silent: Server = createServer((s) => void sockets.push(s));
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      const port = (silent.address() as { port: number }).port;
      const { pool } = connect(`postgresql://nobody:nothing@127.0.0.1:${port}/none`);
      try {
        const start = Date.now();
        await expect(pool.query('SELECT 1')).rejects.toThrow(/timeout/i);
        const took = Date.now() - start;
        expect(took).toBeGreaterThanOrEqual(DB_TIMEOUTS.connectionTimeoutMillis - 100);
        expect(took).toBeLessThan(DB_TIMEOUTS.connectionTimeoutMillis + 2000);
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((r) => silent.close(r));
      }
    },
    DB_TIMEOUTS.connectionTimeoutMillis + 10_000,
  );
});
