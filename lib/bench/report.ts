/** `npm run bench:report`: regenerates docs/benchmarks.md from docs/benchmarks/*.json. */
import { writeFile } from 'node:fs/promises';
import { BENCH_REPORT, readRuns, renderReport } from './bench-report';

const runs = await readRuns();
await writeFile(BENCH_REPORT, renderReport(runs));
process.stdout.write(`docs/benchmarks.md: ${runs.length} runs\n`);
