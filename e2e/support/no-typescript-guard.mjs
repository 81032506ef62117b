/**
 * Test-only preload (`node --import ./e2e/support/no-typescript-guard.mjs scripts/launch.mjs server`,
 * playwright.config.ts): proves the compiled server runs no TypeScript. Every module the process
 * loads, through `import` (a module.register resolve hook) or `require` (a wrapper around
 * Module._load, which Next.js and every CommonJS package go through), is appended to
 * $NO_TS_GUARD_DIR/loads.log; a file ending in .ts/.tsx/.mts/.cts or anything under
 * node_modules/tsx is refused (the load throws, so the server cannot start or serve that page)
 * and recorded as a violation. status.json, rewritten every half second and at exit, holds argv,
 * execArgv, NODE_OPTIONS and the registered require extensions (tsx and Next's next.config.ts
 * hook both add '.ts' there). e2e/compiled-runtime.spec.ts reads both files.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import Module, { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.NO_TS_GUARD_DIR;
if (!dir) throw new Error('no-typescript guard: NO_TS_GUARD_DIR is not set');
mkdirSync(dir, { recursive: true });
const loadsFile = path.join(dir, 'loads.log');
const violations = [];

export const isTypeScript = (file) => /\.[cm]?tsx?$/.test(file) || /[\\/]node_modules[\\/]tsx[\\/]/.test(file);

function writeStatus() {
  writeFileSync(
    path.join(dir, 'status.json'),
    JSON.stringify({
      pid: process.pid,
      argv: process.argv,
      execArgv: process.execArgv,
      nodeOptions: process.env.NODE_OPTIONS ?? '',
      requireExtensions: Object.keys(Module._extensions),
      violations,
    }),
  );
}

register('./no-typescript-hooks.mjs', import.meta.url, { data: { loadsFile } });

const load = Module._load;
Module._load = function guardedLoad(request, parent, isMain) {
  if (!Module.isBuiltin(request)) {
    let file = null;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Not resolvable: the real load throws its own error below.
    }
    if (file) {
      appendFileSync(loadsFile, `require ${file}\n`);
      if (isTypeScript(file)) {
        violations.push(file);
        writeStatus();
        throw new Error(`no-typescript guard: ${file} would be loaded`);
      }
    }
  }
  return load.apply(this, arguments);
};

writeStatus();
setInterval(writeStatus, 500).unref();
process.on('exit', writeStatus);
appendFileSync(loadsFile, `guard ${fileURLToPath(import.meta.url)} pid ${process.pid}\n`);
