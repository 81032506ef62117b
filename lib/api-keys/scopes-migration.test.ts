import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { connect, disconnectAll } from '../db';
import { databaseMigratedBefore } from '../testing/migrations-before';
import { generateApiKey } from './api-key-format';
import { authenticateApiKey } from './authenticate-api-key';

/**
 * Migration 20261203140100_api_key_scopes_expiry on a database that already holds keys: the keys of
 * before keep their old powers (every scope) for 90 days, and a key written later without scopes
 * gets the draft-only default (docs/security.md, "Stolen API key").
 */
const MIGRATION = '20261203140100_api_key_scopes_expiry';
const DAY = 86_400_000;

let client: pg.Client;
let url: string;
const active = generateApiKey();
const revoked = generateApiKey();
let before: number;
let after: number;
let applied: string[];

beforeAll(async () => {
  const db = await databaseMigratedBefore(MIGRATION);
  url = db.url;
  client = new pg.Client({ connectionString: url });
  await client.connect();
  // The old shape: no scopes, no expiry.
  const cols = await client.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'api_keys'`);
  expect(cols.rows.map((r) => r.column_name)).not.toContain('scopes');
  await client.query(
    `INSERT INTO api_keys (name, prefix, key_hash, created_at, revoked_at) VALUES
       ('gestionale', $1, $2, now() - interval '200 days', NULL),
       ('vecchio sito', $3, $4, now() - interval '400 days', now() - interval '10 days')`,
    [active.prefix, active.hash, revoked.prefix, revoked.hash],
  );
  before = Date.now();
  applied = await db.finish();
  after = Date.now();
});
afterAll(async () => {
  await client.end();
  await disconnectAll();
});

describe(`migration ${MIGRATION} on existing keys`, () => {
  it('is applied with the migrations after it, and recorded', async () => {
    expect(applied[0]).toBe(MIGRATION);
    const { rows } = await client.query(`SELECT finished_at FROM "_prisma_migrations" WHERE migration_name = $1`, [MIGRATION]);
    expect(rows).toHaveLength(1);
    expect(rows[0].finished_at).not.toBeNull();
  });

  it('gives every key of before all three scopes and an expiry 90 days after the migration', async () => {
    const { rows } = await client.query<{ name: string; scopes: string[]; expires_at: Date; revoked_at: Date | null }>(
      `SELECT name, scopes, expires_at, revoked_at FROM api_keys ORDER BY name`,
    );
    expect(rows.map((r) => [r.name, r.scopes])).toEqual([
      ['gestionale', ['alerts:draft', 'alerts:send', 'stats:read']],
      ['vecchio sito', ['alerts:draft', 'alerts:send', 'stats:read']],
    ]);
    for (const r of rows) {
      // now() of the migration's transaction, truncated to milliseconds, plus 90 days.
      expect(r.expires_at.getTime()).toBeGreaterThanOrEqual(before - 1000 + 90 * DAY);
      expect(r.expires_at.getTime()).toBeLessThanOrEqual(after + 1000 + 90 * DAY);
    }
    // Revocation is untouched: a revoked key stays revoked.
    expect(rows[1]!.revoked_at).not.toBeNull();
  });

  it('leaves the old key working with its old powers until then, and refuses it after', async () => {
    const { prisma } = connect(url);
    const header = `Bearer ${active.key}`;
    const actor = await authenticateApiKey({ db: prisma, now: () => new Date() }, header);
    expect(actor).toMatchObject({ kind: 'api_key', name: 'gestionale', scopes: ['alerts:draft', 'alerts:send', 'stats:read'] });
    await expect(authenticateApiKey({ db: prisma, now: () => new Date(after + 91 * DAY) }, header)).rejects.toMatchObject({
      details: { reason: 'expired' },
    });
    await expect(authenticateApiKey({ db: prisma, now: () => new Date() }, `Bearer ${revoked.key}`)).rejects.toMatchObject({
      details: { reason: 'revoked' },
    });
  });

  it('makes a key written afterwards without scopes draft-only, and an expiry mandatory', async () => {
    const later = generateApiKey();
    await client.query(`INSERT INTO api_keys (name, prefix, key_hash, expires_at) VALUES ('nuova', $1, $2, now() + interval '1 day')`, [
      later.prefix,
      later.hash,
    ]);
    const { rows } = await client.query<{ scopes: string[] }>(`SELECT scopes FROM api_keys WHERE name = 'nuova'`);
    expect(rows[0]!.scopes).toEqual(['alerts:draft']);
    const missing = generateApiKey();
    await expect(
      client.query(`INSERT INTO api_keys (name, prefix, key_hash) VALUES ('senza scadenza', $1, $2)`, [missing.prefix, missing.hash]),
    ).rejects.toThrow(/expires_at/);
  });
});
