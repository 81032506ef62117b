import { execFile } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

/*
 * The layering of lib/ (docs/architecture.md) is checked by dependency-cruiser in `npm run lint`.
 * These tests put one forbidden import into the tree and prove the check refuses it by the name of
 * the rule, so a loosened config cannot pass silently.
 */
const root = path.resolve(import.meta.dirname, '../..');
const cli = path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const probes: string[] = [];

async function cruiseWith(file: string, source: string): Promise<{ code: number; output: string }> {
  const abs = path.join(root, file);
  probes.push(abs);
  await writeFile(abs, source);
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'lib', 'app', 'components', '--config', '.dependency-cruiser.cjs'], { cwd: root });
    return { code: 0, output: stdout };
  } catch (e) {
    const err = e as { code?: number; stdout?: string };
    return { code: err.code ?? 1, output: err.stdout ?? '' };
  }
}

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => rm(p, { force: true })));
});

describe('layer rules (dependency-cruiser)', () => {
  it('passes on the tree as it is', async () => {
    const r = await cruiseWith('lib/ids.probe-ok.ts', "export { isUuid } from './ids';\n");
    expect(r.output).toContain('no dependency violations found');
    expect(r.code).toBe(0);
  }, 60_000);

  it('refuses an import that closes a cycle between folders', async () => {
    // alerts already depends on access; access importing alerts closes the circle.
    const r = await cruiseWith('lib/access/cycle-probe.ts', "export { alertInclude } from '../alerts/alert-record';\n");
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/error no-folder-cycles: lib\/(access|alerts)/);
  }, 60_000);

  it('refuses an upward import from the domain into an entry point', async () => {
    const r = await cruiseWith('lib/alerts/upward-probe.ts', "export * from '../server/health';\n");
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('error domain-not-to-entry-points: lib/alerts/upward-probe.ts → lib/server/health.ts');
  }, 60_000);

  it('refuses infrastructure that reaches into the domain', async () => {
    const r = await cruiseWith('lib/time/leaf-probe.ts', "export * from '../settings/store';\n");
    expect(r.code).not.toBe(0);
    expect(r.output).toContain('error infrastructure-stays-leaf: lib/time/leaf-probe.ts → lib/settings/store.ts');
  }, 60_000);
});
