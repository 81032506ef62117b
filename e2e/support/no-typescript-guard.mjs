/**
 * Test-only preload (`node --import ./e2e/support/no-typescript-guard.mjs scripts/launch.mjs server`,
 * playwright.config.ts): proves the compiled server runs no TypeScript. Every module the process
 * loads, through `import` (a module.register resolve hook) or `require` (a wrapper around
 * Module._load, which Next.js and every CommonJS package go through), is appended to
 * $NO_TS_GUARD_DIR/loads.log; a file ending in .ts/.tsx/.mts/.cts, anything under node_modules/tsx
 * and Next.js's SWC compiler (next/dist/build/swc, @next/swc-*: what it uses to transpile a
 * next.config.ts at run time) are refused (the load throws, so the server cannot start or serve
 * that page) and recorded as violations. Reading a TypeScript file's text (fs.readFile*, as
 * Next.js reads next.config.ts before compiling it in memory) is recorded as a violation too.
 * status.json, rewritten every half second and at exit, holds argv, execArgv, NODE_OPTIONS and the
 * registered require extensions (tsx adds '.ts' there). e2e/compiled-runtime.spec.ts and
 * lib/project/compiled-runtime.test.ts read both files.
 */
import fs, { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import Module, { register, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.NO_TS_GUARD_DIR;
if (!dir) throw new Error('no-typescript guard: NO_TS_GUARD_DIR is not set');
mkdirSync(dir, { recursive: true });
const loadsFile = path.join(dir, 'loads.log');
const violations = [];

const isTypeScriptFile = (file) => /\.[cm]?tsx?$/.test(file);
const isForbidden = (file) =>
  isTypeScriptFile(file) || /[\\/]node_modules[\\/](tsx|@next[\\/]swc-[^\\/]+)[\\/]|[\\/]next[\\/]dist[\\/]build[\\/]swc[\\/]/.test(file);

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
      if (isForbidden(file)) {
        violations.push(file);
        writeStatus();
        throw new Error(`no-typescript guard: ${file} would be loaded`);
      }
    }
  }
  return load.apply(this, arguments);
};

// Reading TypeScript source to compile it in memory (Next.js does so for next.config.ts).
for (const name of ['readFileSync', 'readFile']) {
  const original = fs[name];
  fs[name] = function guardedRead(file, ...rest) {
    const p = typeof file === 'string' ? file : file instanceof URL ? fileURLToPath(file) : null;
    if (p && isTypeScriptFile(p)) {
      appendFileSync(loadsFile, `read ${path.resolve(p)}\n`);
      violations.push(`read ${path.resolve(p)}`);
    }
    return original.call(this, file, ...rest);
  };
}
const promisesRead = fs.promises.readFile;
fs.promises.readFile = function guardedPromisesRead(file, ...rest) {
  const p = typeof file === 'string' ? file : file instanceof URL ? fileURLToPath(file) : null;
  if (p && isTypeScriptFile(p)) {
    appendFileSync(loadsFile, `read ${path.resolve(p)}\n`);
    violations.push(`read ${path.resolve(p)}`);
  }
  return promisesRead.call(this, file, ...rest);
};
syncBuiltinESMExports();

writeStatus();
setInterval(writeStatus, 500).unref();
process.on('exit', writeStatus);
appendFileSync(loadsFile, `guard ${fileURLToPath(import.meta.url)} pid ${process.pid}\n`);
