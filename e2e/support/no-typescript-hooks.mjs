/** Resolve hook of e2e/support/no-typescript-guard.mjs (runs on Node's loader thread); same rule. */
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let loadsFile;
const isForbidden = (file) =>
  /\.[cm]?tsx?$/.test(file) || /[\\/]node_modules[\\/](tsx|@next[\\/]swc-[^\\/]+)[\\/]|[\\/]next[\\/]dist[\\/]build[\\/]swc[\\/]/.test(file);

export function initialize(data) {
  loadsFile = data.loadsFile;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (resolved.url.startsWith('file:')) {
    const file = fileURLToPath(resolved.url);
    appendFileSync(loadsFile, `import ${file}\n`);
    if (isForbidden(file)) {
      appendFileSync(loadsFile, `violation ${file}\n`);
      throw new Error(`no-typescript guard: ${file} would be imported`);
    }
  }
  return resolved;
}
