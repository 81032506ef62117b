import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { startListener } from './listener';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the worker LISTEN connection', () => {
  it('reconnects after its session is killed, wakes every channel, and hears notifications again', async () => {
    const heard: string[] = [];
    const listener = await startListener(ctx, ctx.databaseUrl, ['test_a', 'test_b'], (ch) => heard.push(ch), { retryMs: 50 });
    try {
      await ctx.pool.query(`NOTIFY test_a`);
      await until(() => heard.includes('test_a'));
      const first = listener.client()!;
      // What a database restart or a failover does to the session.
      const killed = await ctx.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN test_b'`,
      );
      expect(killed.rowCount).toBe(1);
      heard.length = 0;
      await until(() => listener.client() !== null && listener.client() !== first);
      // Woken once per channel: notifications sent while it was away are lost.
      await until(() => heard.includes('test_a') && heard.includes('test_b'));
      heard.length = 0;
      await ctx.pool.query(`NOTIFY test_b`);
      await until(() => heard.includes('test_b'));
      expect(heard).toEqual(['test_b']);
    } finally {
      await listener.close();
    }
    expect(listener.client()).toBeNull();
  });
});
