import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { BENCH_REPORT, readRuns, renderReport, type BenchRun } from './bench-report';

it('docs/benchmarks.md is what `npm run bench:report` generates from docs/benchmarks/*.json', async () => {
  const runs = await readRuns();
  expect(runs.length).toBeGreaterThan(0);
  for (const r of runs) {
    expect(r.date, r.name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.figures.length, r.name).toBeGreaterThan(0);
    for (const f of r.figures) if (f.target !== undefined) expect(typeof f.met, `${r.name}: ${f.measure}`).toBe('boolean');
  }
  expect(readFileSync(BENCH_REPORT, 'utf8'), 'docs/benchmarks.md is stale: run `npm run bench:report`').toBe(renderReport(runs));
});

it('marks a missed target', () => {
  const run: BenchRun = {
    name: 'x',
    title: 'X',
    command: 'npm run bench:x',
    date: '2026-01-01',
    machine: 'm',
    figures: [
      { measure: 'rate', value: '10/s', target: '≥ 20/s', met: false },
      { measure: 'note', value: 'n' },
    ],
  };
  const md = renderReport([run]);
  expect(md).toContain('| [X](#x) | 2026-01-01 | 0 of 1 met |');
  expect(md).toContain('| rate | 10/s | ≥ 20/s | **no** |');
  expect(md).toContain('| note | n |  |  |');
});
