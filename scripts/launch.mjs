/**
 * `npm start`, `npm run worker`, `npm run cli`: runs the compiled entry point (dist/<name>.mjs,
 * built by `npm run build`) with plain Node: once built, nothing loads TypeScript.
 *
 * Nothing built yet (a fresh checkout):
 * - production (NODE_ENV=production, WHATSAPP_ACCESS_TOKEN set or DEMO_MODE=false, in the
 *   environment or in .env): refuses, telling the operator to run `npm run build`;
 * - otherwise (the demo: `npm install` then `npm start`): the server builds once with
 *   `npm run build`, then starts; the worker and the CLI run from source through tsx instead of
 *   building (they need no Next.js build).
 * After changing the code, `npm run build` again (or use `npm run dev`, which reloads): a build
 * older than the sources under lib/, app/ or components/ is run anyway, with a warning.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseEnv } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..');
const ENTRIES = { server: 'lib/server/main.ts', worker: 'lib/worker/main.ts', cli: 'lib/cli/main.ts' };
const name = process.argv[2];
if (!(name in ENTRIES)) {
  process.stderr.write(`uso: node scripts/launch.mjs <${Object.keys(ENTRIES).join('|')}> [argomenti]\n`);
  process.exit(2);
}
// The entry point sees its own arguments only (lib/server/main.ts reads --dev, the CLI its command).
process.argv.splice(2, 1);

const compiled = path.join(ROOT, 'dist', `${name}.mjs`);
const nextBuilt = existsSync(path.join(ROOT, '.next', 'BUILD_ID'));
const built = existsSync(compiled) && (name !== 'server' || nextBuilt);

/** A setting from the environment, else from ./.env (read, not loaded: the entry point loads it). */
function setting(key) {
  if (process.env[key] !== undefined) return process.env[key];
  try {
    return parseEnv(readFileSync('.env', 'utf8'))[key];
  } catch {
    return undefined;
  }
}

function looksLikeProduction() {
  return setting('NODE_ENV') === 'production' || Boolean(setting('WHATSAPP_ACCESS_TOKEN')?.trim()) || setting('DEMO_MODE')?.trim().toLowerCase() === 'false';
}

if (!built) {
  if (looksLikeProduction()) {
    const missing = existsSync(compiled) ? path.join(ROOT, '.next') : compiled;
    process.stderr.write(`\n[banditore] Nessuna build (manca ${missing}): in produzione esegui prima "npm run build", poi di nuovo questo comando.\n\n`);
    process.exit(1);
  }
  if (name === 'server') {
    process.stdout.write('[banditore] Primo avvio: compilo l’applicazione con "npm run build" (richiede qualche minuto)…\n');
    const npm = process.env.npm_execpath;
    const run = npm
      ? spawnSync(process.execPath, [npm, 'run', 'build'], { stdio: 'inherit', cwd: ROOT })
      : spawnSync('npm', ['run', 'build'], { stdio: 'inherit', cwd: ROOT });
    if (run.status !== 0) {
      process.stderr.write('\n[banditore] "npm run build" non riuscito: vedi sopra.\n');
      process.exit(1);
    }
  }
}

/** The newest TypeScript source under lib/, app/, components/ (none in the container image). */
function newestSource() {
  let newest = 0;
  for (const dir of ['lib', 'app', 'components']) {
    const base = path.join(ROOT, dir);
    if (!existsSync(base)) continue;
    for (const f of readdirSync(base, { recursive: true })) {
      if (/\.tsx?$/.test(f) && !String(f).startsWith('generated')) newest = Math.max(newest, statSync(path.join(base, f)).mtimeMs);
    }
  }
  return newest;
}

if (built && newestSource() > statSync(compiled).mtimeMs) {
  process.stderr.write(`[banditore] attenzione: il codice è più recente della build in ${path.dirname(compiled)}: esegui "npm run build" per usarlo.\n`);
}

if (built || name === 'server') {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(compiled).href);
} else {
  // Demo or development without a build: from source (tsx is a dependency for prisma/generate.ts).
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(ROOT, ENTRIES[name])).href);
}
