import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { migrate, MIGRATIONS_DIR } from '../db/migrate';

/**
 * For tests of a data migration: a fresh, empty database migrated with the real runner
 * (lib/db/migrate.ts) up to, not including, the migration `name`, so a test can insert rows of the
 * old shape, then `finish()` applies the rest exactly as a start-up would.
 */
export async function databaseMigratedBefore(name: string): Promise<{ url: string; finish(): Promise<string[]> }> {
  const all = (await readdir(MIGRATIONS_DIR, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  if (!all.includes(name)) throw new Error(`no migration named ${name}`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-migrations-'));
  try {
    for (const m of all.filter((m) => m < name)) await cp(path.join(MIGRATIONS_DIR, m), path.join(dir, m), { recursive: true });
    const base = inject('dbBaseUrl');
    const db = `m_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${db}`);
    } finally {
      await admin.end();
    }
    const url = `${base}/${db}`;
    await migrate(url, { dir });
    return { url, finish: async () => (await migrate(url)).applied };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
