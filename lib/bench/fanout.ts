/**
 * `npm run bench:fanout -- --recipients 100000 --rate 1000 [--workers 2]`
 *
 * Sends one alert to N subscribers through real worker processes (`lib/worker/main.ts`) against
 * the project's simulator on loopback, with status webhooks flowing back through the app's
 * receiver, and prints: publishing time, achieved send rate against the cap, the largest number
 * of sends in any 1-second window, time from "send" to the first and the last message, status
 * webhooks processed, duplicates and losses, worker RSS, and the time of the progress bar's query
 * polled every second during the send. See docs/delivery.md.
 *
 * Options: --sim-limit N (the simulator answers 130429 above N/s; default: no limit, so the
 * window figure measures our limiter alone), --in-flight N (DELIVERY_MAX_IN_FLIGHT), --timeout S,
 * --worker-log debug (prints the workers' logs at the end), --cpu-prof DIR (profiles the workers),
 * --publish-only (seed and publish, no sending: the publishing time alone), --warmup N (a first
 * alert to N other subscribers warms the workers up, as in production; 0 = cold; default 2000).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { getDeliveryProgress, type DeliveryCounts } from '../delivery/progress';
import { setSetting } from '../settings/store';
import { publishAlert, startWebhookReceiver } from '../delivery/testing/fixtures';
import { seedSubscribers } from '../testing/fixtures';
import { spawnWorker, type WorkerProcess } from '../delivery/testing/worker-process';
import { startSimulatorProcess } from '../delivery/testing/simulator-process';
import { benchContext, benchDatabase } from './bench-env';
import { recordFanout, type FanoutResult } from './fanout-record';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1' },
    'sim-limit': { type: 'string' },
    'in-flight': { type: 'string' },
    timeout: { type: 'string', default: '3600' },
    'worker-log': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'publish-only': { type: 'boolean', default: false },
    warmup: { type: 'string', default: '2000' },
    'node-flags': { type: 'string' },
    record: { type: 'string' },
  },
});
const N = Number(values.recipients);
const RATE = Number(values.rate);
const WORKERS = Number(values.workers);
const say = (m: string) => process.stdout.write(`${m}\n`);
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
/** `--record <name>`: writes docs/benchmarks/<name>.json (then `npm run bench:report`). */
const record = async (r: FanoutResult | { recipients: number; publishS: number }) => {
  if (values.record)
    say(
      `recorded in ${await recordFanout(
        values.record,
        `npm run bench:fanout -- ${process.argv
          .slice(2)
          .filter((a, i, all) => a !== '--record' && all[i - 1] !== '--record')
          .join(' ')}`,
        r,
      )}`,
    );
};
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  if (!(N > 0) || !(RATE >= 1 && RATE <= 1000) || !(WORKERS >= 1)) throw new Error('usage: --recipients N --rate 1..1000 [--workers W]');
  say(`Banditore fan-out: ${N} recipients, cap ${RATE} msg/s, ${WORKERS} worker process(es)`);
  const db = await benchDatabase();
  say(`  database: ${db.where}`);
  const { ctx, dataKey, close } = await benchContext(db.url);
  const workers: WorkerProcess[] = [];
  const receiver = await startWebhookReceiver(ctx);
  // The simulator runs in a process of its own: its clock (which measures the windows) is not
  // stalled by the webhook receiver's work in this one.
  const sim = await startSimulatorProcess(receiver.url, { maxPerSecond: values['sim-limit'] ? Number(values['sim-limit']) : null });
  try {
    await setSetting(ctx.db, 'messagesPerSecond', RATE);
    await setSetting(ctx.db, 'dailyRecipientLimit', 'unlimited');
    const topic = async (slug: string) => (await ctx.db.topic.findUniqueOrThrow({ where: { slug } })).id;
    const WARMUP = Number(values.warmup);
    let t = performance.now();
    await seedSubscribers(ctx, { count: N, topicSlug: 'viabilita' });
    if (WARMUP > 0) await seedSubscribers(ctx, { count: WARMUP, start: 90_000_000, topicSlug: 'urgenze' });
    await ctx.pool.query('VACUUM ANALYZE subscribers');
    say(`  seeding subscribers           ${sec(performance.now() - t)}`);

    if (values['publish-only']) {
      t = performance.now();
      const { recipients } = await publishAlert(ctx, { urgent: true, topicIds: [await topic('viabilita')] });
      const publishS = +((performance.now() - t) / 1000).toFixed(3);
      say(`  publishing (INSERT…SELECT)    ${sec(publishS * 1000)}  (${recipients} deliveries)`);
      await record({ recipients, publishS });
      return;
    }
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        spawnWorker({
          databaseUrl: db.url,
          graphUrl: sim.url,
          dataKey,
          ...(values['in-flight'] ? { maxInFlight: Number(values['in-flight']) } : {}),
          ...(values['worker-log'] ? { logLevel: values['worker-log'] as 'debug' } : {}),
          ...(values['cpu-prof'] ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] } : {}),
          ...(values['node-flags'] ? { nodeArgs: values['node-flags'].split(' ') } : {}),
        }),
      );
    }
    await Promise.all(workers.map((w) => w.ready));
    await sleep(1000);
    if (WARMUP > 0) {
      // Workers in production are long-running: warm them (JIT, connections) on a small alert first.
      const warm = await publishAlert(ctx, { urgent: true, topicIds: [await topic('urgenze')] });
      while ((await ctx.db.alert.findUniqueOrThrow({ where: { id: warm.alertId } })).status !== 'SENT') await sleep(100);
      await sleep(4500);
      await sim.reset();
      say(`  warm-up alert                 ${warm.recipients} recipients (not counted below)`);
    }
    const rssStart = workers.map((w) => w.rss());

    const target = await topic('viabilita');
    t = performance.now();
    const { alertId, recipients } = await publishAlert(ctx, { urgent: true, topicIds: [target] });
    const sent = performance.timeOrigin + performance.now();
    const publishMs = sent - (performance.timeOrigin + t);
    say(`  publishing (INSERT…SELECT)    ${sec(publishMs)}  (${recipients} deliveries)`);

    let rss10k: number[] | null = null;
    const deadline = Date.now() + Number(values.timeout) * 1000;
    // Someone watches the progress bar meanwhile (the dashboard polls every second): its query is timed.
    const progressMs: number[] = [];
    let nextPoll = 0;
    let a = await sim.accepted();
    while (a.count < N && Date.now() < deadline) {
      if (!rss10k && a.count >= Math.min(10_000, N)) rss10k = workers.map((w) => w.rss());
      if (performance.now() >= nextPoll) {
        nextPoll = performance.now() + 1000;
        const p0 = performance.now();
        await getDeliveryProgress(ctx, alertId);
        progressMs.push(performance.now() - p0);
      }
      await sleep(100);
      a = await sim.accepted();
    }
    const rssEnd = workers.map((w) => w.rss());
    say(`  first message after "send"    ${sec(a.first - sent)}`);
    say(`  last message after "send"     ${sec(a.last - sent)}`);
    const rate = a.count > 1 ? ((a.count - 1) * 1000) / (a.last - a.first) : 0;
    say(`  achieved rate (first→last)    ${rate.toFixed(0)} msg/s = ${((rate / RATE) * 100).toFixed(1)}% of the cap`);
    const overall = (a.count * 1000) / (a.last - sent);
    say(`  overall (send→last)           ${overall.toFixed(0)} msg/s = ${((overall / RATE) * 100).toFixed(1)}% of the cap`);

    // Let the statuses flow: the simulator sends read receipts seconds after each send.
    const statusDeadline = performance.now() + 60_000;
    await sleep(4500);
    for (;;) {
      const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_events WHERE processed_at IS NULL');
      const st = await sim.stats();
      const idle = st.webhooks.queued + st.webhooks.inFlight === 0 && st.statuses.delivered >= a.count;
      if ((rows[0]?.n ?? 0) === 0 && idle) break;
      if (performance.now() > statusDeadline) break;
      await sleep(250);
    }
    const stats = await sim.stats();
    const processed = await ctx.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_events WHERE kind = 'STATUS' AND processed_at IS NOT NULL AND received_at >= to_timestamp($1 / 1000.0)`,
      [sent],
    );
    const states = await ctx.pool.query<{ status: string; n: number }>(
      'SELECT status::text, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY 1 ORDER BY 1',
      [alertId],
    );
    say(`  max sends in a 1-s window     ${stats.maxWindow1s} (${((stats.maxWindow1s / RATE) * 100).toFixed(1)}% of the cap)`);
    say(
      `  simulator's longest stall     ${a.stallMaxMs.toFixed(0)} ms event loop, ${a.gcMaxMs.toFixed(0)} ms GC (sends arriving meanwhile are counted together)`,
    );
    say(`  130429 answers                ${stats.errorsByCode['130429'] ?? 0}`);
    say(
      `  status webhooks processed     ${processed.rows[0]?.n ?? 0} (simulator sent ${stats.statuses.sent + stats.statuses.delivered + stats.statuses.read + stats.statuses.failed}, ${stats.webhooks.posted} POSTs)`,
    );
    say(`  duplicates / losses           ${stats.duplicateRecipientsCount} / ${N - stats.distinctRecipients}`);
    say(`  deliveries by state           ${states.rows.map((r) => `${r.status} ${r.n}`).join(', ')}`);
    const p0 = performance.now();
    const progress = await getDeliveryProgress(ctx, alertId);
    const finalMs = performance.now() - p0;
    const agrees = states.rows.every((r) => progress?.counts[r.status.toLowerCase() as keyof DeliveryCounts] === r.n) && progress?.total === recipients;
    const sorted = [...progressMs].sort((x, y) => x - y);
    say(
      `  progress bar query            p50 ${(sorted[Math.floor(sorted.length / 2)] ?? 0).toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms over ${sorted.length} polls; ` +
        `at the end ${finalMs.toFixed(1)} ms, ${agrees ? 'equal to' : 'DIFFERENT FROM'} the rows' count`,
    );
    say(`  worker RSS start              ${rssStart.map(mb).join(' / ')}`);
    say(`  worker RSS after 10,000       ${(rss10k ?? rssEnd).map(mb).join(' / ')}`);
    say(`  worker RSS at the end         ${rssEnd.map(mb).join(' / ')}`);
    const result = {
      recipients: N,
      rate: RATE,
      workers: WORKERS,
      publishS: +(publishMs / 1000).toFixed(3),
      firstS: +((a.first - sent) / 1000).toFixed(3),
      lastS: +((a.last - sent) / 1000).toFixed(3),
      achievedPct: +((rate / RATE) * 100).toFixed(1),
      maxWindow: stats.maxWindow1s,
      simStallMs: Math.round(a.stallMaxMs),
      statuses: processed.rows[0]?.n ?? 0,
      duplicates: stats.duplicateRecipientsCount,
      losses: N - stats.distinctRecipients,
      rssStartMB: rssStart.map((r) => Math.round(r / 1048576)),
      rss10kMB: (rss10k ?? rssEnd).map((r) => Math.round(r / 1048576)),
      rssEndMB: rssEnd.map((r) => Math.round(r / 1048576)),
      progressMaxMs: +(sorted.at(-1) ?? 0).toFixed(1),
      progressAgrees: agrees,
    };
    say(`RESULT ${JSON.stringify(result)}`);
    await record(result);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => Promise.race([w.exited, sleep(20_000)])));
    if (values['worker-log']) for (const w of workers) process.stdout.write(w.output());
    await sim.stop();
    await receiver.close();
    await close();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`bench:fanout failed: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  },
);
