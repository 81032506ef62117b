/**
 * `prisma generate` without network access. Prisma's CLI insists on locating its native schema
 * engine even though generating the client does not use it, and it downloads the engine when it is
 * missing — impossible offline. Any existing file satisfies the check, so unless the operator points
 * PRISMA_SCHEMA_ENGINE_BINARY somewhere, we point it at the Node binary. `prisma migrate` still needs
 * the real engine (see README: migrations are applied by lib/db/migrate.ts at start-up instead).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath,
  CHECKPOINT_DISABLE: '1',
  PRISMA_HIDE_UPDATE_MESSAGE: '1',
};
const r = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
