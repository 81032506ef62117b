/**
 * `npm run bench:stats [-- --subscribers 1000000 --deliveries 1500000 --runs 7 --database-url URL]`
 *
 * Builds a database with a million subscribers (an ephemeral embedded PostgreSQL in a temp dir, or
 * a fresh database on the server of --database-url, dropped at the end), adds some live traffic
 * through the rollup triggers, then times every query the dashboard statistics, the subscribers
 * page and the stats API run: p50 and max per query, PASS when the max is within the target
 * (100 ms). It also prints the direct queries the rollup replaces, what a compaction costs, and
 * what the `sent` trigger costs the sender. See lib/stats/README.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Actor } from '../access/roles';
import type { AppContext } from '../context';
import { connect, disconnectAll } from '../db';
import { SIMULATOR_DEFAULTS } from '../env';
import { silentLogger } from '../log';
import { createDataCipher } from '../privacy/crypto';
import { seedTopics } from '../subscriptions/seed';
import { deliveryTriggerCost, liveChanges, SEARCH_NUMBER, statsProbes, timeProbes } from './stats-probes';
import { seedLargeDatabase } from './stats-seed';
import { compactStatDeltas } from '../stats/counters';
import { benchDatabase } from './bench-env';
import { recordRun } from './bench-report';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '1000000' },
    deliveries: { type: 'string', default: '1500000' },
    runs: { type: 'string', default: '7' },
    'target-ms': { type: 'string', default: '100' },
    'database-url': { type: 'string' },
    record: { type: 'string' },
  },
});
const SUBSCRIBERS = Number(values.subscribers);
const RUNS = Number(values.runs);
const TARGET = Number(values['target-ms']);
const say = (m: string) => process.stdout.write(`${m}\n`);
const ms = (n: number) => `${n.toFixed(1)} ms`;

function benchContext(url: string, now: Date): AppContext {
  const { prisma, pool } = connect(url);
  return {
    db: prisma,
    pool,
    cipher: createDataCipher(randomBytes(32)),
    whatsapp: {
      mode: 'simulator',
      graphUrl: 'http://127.0.0.1:9',
      graphVersion: 'v27.0',
      phoneNumberId: SIMULATOR_DEFAULTS.phoneNumberId,
      wabaId: SIMULATOR_DEFAULTS.wabaId,
      displayNumber: SIMULATOR_DEFAULTS.displayNumber,
      accessToken: 'unused',
      appSecret: 'unused',
      verifyToken: 'unused',
    },
    publicUrl: 'http://localhost:3000',
    log: silentLogger,
    now: () => now,
  };
}

async function main(): Promise<void> {
  if (!(SUBSCRIBERS > 0) || !(RUNS >= 3)) throw new Error('usage: [--subscribers N] [--deliveries N] [--runs >=3] [--database-url URL]');
  const started = performance.now();
  const now = new Date();
  say(`Banditore statistics benchmark: ${SUBSCRIBERS.toLocaleString('en')} subscribers, ${RUNS} runs per query, target ${TARGET} ms`);
  const db = await benchDatabase(values['database-url'], 'banditore_stats');
  say(`  database: ${db.where}`);
  const ctx = benchContext(db.url, now);
  const actor: Actor = { kind: 'staff', id: randomUUID(), email: 'bench@example.org', name: 'Bench', role: 'ADMIN' };
  try {
    await seedTopics(ctx.db);
    say('Seeding');
    // One connection: the seed switches triggers off for its own session only.
    const seeder = await ctx.pool.connect();
    try {
      await seedLargeDatabase(seeder, { subscribers: SUBSCRIBERS, deliveries: Number(values.deliveries), now, cipher: ctx.cipher }, say);
    } finally {
      seeder.release();
    }
    await ctx.pool.query(
      `INSERT INTO subscribers (phone_hmac, phone_enc, status, source, updated_at, confirmed_at) VALUES ($1, $2, 'ACTIVE', 'WEB', now(), now())`,
      [ctx.cipher.hmac(SEARCH_NUMBER), ctx.cipher.encrypt(SEARCH_NUMBER)],
    );
    await liveChanges(ctx, { signUps: 120, optOuts: 80, now, first: 0 });
    const { rows: size } = await ctx.pool.query<{ rows: string; size: string; db: string }>(
      `SELECT (SELECT count(*) FROM stat_deltas)::text AS rows, pg_size_pretty(pg_total_relation_size('stat_deltas')) AS size,
              pg_size_pretty(pg_database_size(current_database())) AS db`,
    );
    say(`  rollup after live traffic: ${size[0]!.rows} rows in stat_deltas (${size[0]!.size}); database ${size[0]!.db}`);

    say(`\nQueries (1 warm-up, then ${RUNS} runs each; reference queries 3 runs)`);
    const timings = await timeProbes(statsProbes(ctx, actor, now), RUNS);
    say(`  ${'query'.padEnd(48)} ${'p50'.padStart(10)} ${'max'.padStart(10)}  result`);
    let failed = 0;
    for (const t of timings) {
      const verdict = t.probe.kind === 'reference' ? '(reference, not used by the dashboard)' : t.max <= TARGET ? 'PASS' : 'FAIL';
      if (verdict === 'FAIL') failed++;
      say(`  ${t.probe.name.padEnd(48)} ${ms(t.p50).padStart(10)} ${ms(t.max).padStart(10)}  ${verdict}`);
    }

    await liveChanges(ctx, { signUps: 1500, optOuts: 500, now, first: 1000 });
    const t = performance.now();
    const folded = await compactStatDeltas(ctx.pool);
    const compactMs = performance.now() - t;
    say(`\nCompaction of ${folded.deleted} delta rows into ${folded.inserted}: ${ms(compactMs)} (reads compact past 1,000 extra rows)`);
    const cost = await deliveryTriggerCost(ctx, 30_000, 200, now);
    say(
      `Sender path, claim + record in batches of 200 (median): ${ms(cost.withTrigger)} per 1,000 deliveries with the rollup triggers ("sent", progress counts), ` +
        `${ms(cost.without)} without (${cost.withTrigger >= cost.without ? '+' : ''}${(((cost.withTrigger - cost.without) / cost.without) * 100).toFixed(0)}%)`,
    );
    const secs = ((performance.now() - started) / 1000).toFixed(0);
    say(
      `\n${failed === 0 ? 'PASS' : 'FAIL'}: ${timings.filter((x) => x.probe.kind === 'dashboard').length - failed} of ${timings.filter((x) => x.probe.kind === 'dashboard').length} dashboard queries within ${TARGET} ms (max of ${RUNS} runs); total ${secs} s`,
    );
    if (values.record) {
      const dashboard = timings.filter((x) => x.probe.kind === 'dashboard');
      const file = await recordRun({
        name: values.record,
        title: `statistics at ${SUBSCRIBERS.toLocaleString('en')} subscribers and ${Number(values.deliveries).toLocaleString('en')} deliveries`,
        command: `npm run bench:stats -- --subscribers ${SUBSCRIBERS} --deliveries ${values.deliveries} --runs ${RUNS}`,
        figures: [
          {
            measure: `dashboard queries within the target (max of ${RUNS} runs)`,
            value: `${dashboard.length - failed} of ${dashboard.length}`,
            target: `≤ ${TARGET} ms each`,
            met: failed === 0,
          },
          ...timings.map((x) =>
            x.probe.kind === 'dashboard'
              ? { measure: x.probe.name, value: `p50 ${ms(x.p50)}, max ${ms(x.max)}`, target: `max ≤ ${TARGET} ms`, met: x.max <= TARGET }
              : { measure: `${x.probe.name} (reference, not used by the dashboard)`, value: `p50 ${ms(x.p50)}, max ${ms(x.max)}` },
          ),
          { measure: `compaction of ${folded.deleted} delta rows into ${folded.inserted}`, value: ms(compactMs) },
          {
            measure: 'sender path, claim + record per 1,000 deliveries',
            value: `${ms(cost.withTrigger)} with the rollup triggers, ${ms(cost.without)} without`,
          },
        ],
      });
      say(`recorded in ${file}: run npm run bench:report`);
    }
    process.exitCode = failed === 0 ? 0 : 1;
  } finally {
    await disconnectAll();
    await db.drop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
