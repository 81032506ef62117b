import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../db/migrate';
import { startEmbeddedPostgres } from '../runtime/embedded-postgres';

/**
 * One throwaway PostgreSQL for the whole Vitest run: the migrations are applied once to a template
 * database, and every test file clones it (CREATE DATABASE … TEMPLATE, a few milliseconds), so
 * tests run on the real schema in isolation.
 */
export const TEMPLATE_DB = 'banditore_template';

declare module 'vitest' {
  export interface ProvidedContext {
    dbBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-vitest-'));
  const db = await startEmbeddedPostgres({ dataDir: dir, database: TEMPLATE_DB, ephemeral: true });
  await migrate(db.url);
  const base = db.url.slice(0, db.url.lastIndexOf('/'));
  // Connections to the template must be closed before it can be cloned.
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  await admin.query(`ALTER DATABASE ${TEMPLATE_DB} WITH ALLOW_CONNECTIONS true`);
  await admin.end();
  project.provide('dbBaseUrl', base);
  return async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
