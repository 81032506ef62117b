import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_GUARD, E2E_GUARD_DIR } from '../playwright.config';

/**
 * The server every journey runs against is the compiled one, started as `npm start` starts it,
 * and it loads no TypeScript: the guard preloaded into that process (no-typescript-guard.mjs)
 * recorded every module it loaded, through import and require.
 */
const root = path.resolve(import.meta.dirname, '..');
/** The guard's rule: TypeScript files, tsx, and Next.js's SWC compiler (it transpiles next.config.ts). */
const isTypeScript = (file: string) =>
  /\.[cm]?tsx?$/.test(file) || /[\\/]node_modules[\\/](tsx|@next[\\/]swc-[^\\/]+)[\\/]|[\\/]next[\\/]dist[\\/]build[\\/]swc[\\/]/.test(file);

interface GuardStatus {
  argv: string[];
  execArgv: string[];
  nodeOptions: string;
  requireExtensions: string[];
  violations: string[];
}

test('the server runs the compiled output with plain node and loads no TypeScript', async ({ page }) => {
  // A page and an API route: Next.js loads their compiled chunks lazily, under the guard too.
  await page.goto('/iscriviti');
  await expect(page.locator('h1')).toBeVisible();
  expect((await page.request.get('/api/health')).ok()).toBe(true);
  await page.waitForTimeout(700); // status.json is rewritten every 500 ms

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.start).toBe('node scripts/launch.mjs server');

  const status = JSON.parse(readFileSync(path.join(root, E2E_GUARD_DIR, 'status.json'), 'utf8')) as GuardStatus;
  expect(status.argv[1]).toBe(path.join(root, 'scripts', 'launch.mjs'));
  expect(status.execArgv).toEqual(['--import', E2E_GUARD]); // the guard only: no --import tsx, no --loader
  expect(status.nodeOptions).not.toMatch(/tsx|--loader|--import|--require|-r /);
  expect(status.requireExtensions.sort()).toEqual(['.js', '.json', '.node']); // no '.ts' hook (tsx, next.config.ts)
  expect(status.violations).toEqual([]);

  const loads = readFileSync(path.join(root, E2E_GUARD_DIR, 'loads.log'), 'utf8')
    .trim()
    .split('\n');
  const files = loads.filter((l) => /^(import|require) /.test(l)).map((l) => l.slice(l.indexOf(' ') + 1));
  expect(loads.filter((l) => l.startsWith('violation'))).toEqual([]);
  expect(files.filter(isTypeScript)).toEqual([]);
  // The guard did see the process: the compiled entry point, Next.js and the page's compiled chunk.
  expect(files).toContain(path.join(root, 'dist', 'server.mjs'));
  expect(files.some((f) => f.includes(`${path.sep}node_modules${path.sep}next${path.sep}dist${path.sep}server${path.sep}`))).toBe(true);
  expect(files.some((f) => f.startsWith(path.join(root, '.next', 'server', 'app')))).toBe(true);
});
