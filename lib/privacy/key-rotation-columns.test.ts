import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { CIPHERTEXT_COLUMNS, LOOKUP_TABLES } from './key-rotation';

/**
 * keys:rotate must know every column that holds a ciphertext or a look-up HMAC: a column it missed
 * would stay under the old key (unreadable once that key is gone) or on the old look-up chain (its
 * rows never found again). By convention (prisma/schema.prisma) they end in `_enc` and `_hmac`;
 * columns holding HMACs inside a longer value are listed here by hand.
 */
const EMBEDDED = ['consent_events.evidence', 'inbound_events.dedupe_key', 'rate_limits.key'];

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ seed: false });
});
afterAll(async () => ctx.close());

describe('the columns keys:rotate rewrites', () => {
  it('are every *_enc and *_hmac column of the schema', async () => {
    const { rows } = await ctx.pool.query<{ c: string }>(
      `SELECT table_name || '.' || column_name AS c FROM information_schema.columns
        WHERE table_schema = 'public' AND (column_name LIKE '%\\_enc' OR column_name LIKE '%\\_hmac') ORDER BY 1`,
    );
    const known = [...CIPHERTEXT_COLUMNS.map((c) => `${c.table}.${c.column}`), ...LOOKUP_TABLES.flatMap((t) => t.columns.map((c) => `${t.table}.${c.column}`))];
    expect(rows.map((r) => r.c).sort()).toEqual(known.filter((c) => !EMBEDDED.includes(c)).sort());
    expect(known).toEqual(expect.arrayContaining(EMBEDDED.filter((c) => c !== 'rate_limits.key')));
  });
});
