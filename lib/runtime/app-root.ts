import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The installation's root folder (the one holding package.json, prisma/migrations and .next),
 * found upward from this module's own file: lib/runtime/ when run from source (tsx, Vitest),
 * dist/ or dist/chunks/ when compiled (scripts/build-runtime.mjs). So the compiled server finds
 * its files whatever the working directory; .env and DATA_DIR stay relative to the working
 * directory, as documented for operators.
 */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const APP_ROOT = findRoot();
