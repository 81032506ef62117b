/**
 * `npm run bench:fanout -- --recipients 100000 --rate 1000 [--workers 2] [--web 2]`
 *
 * Sends one alert to N subscribers through real worker processes (`lib/worker/main.ts`) against
 * the project's simulator on loopback, with status webhooks flowing back through the app's
 * production request handler in web processes of their own (lib/bench/web-child.ts), while
 * citizens write in. The alert goes out through the "send now" use case (`sendAlertNow`, what the
 * API and the dashboard call), so publishing streams as in production. Prints: how statuses were
 * posted (statuses per POST, POSTs per second), time from "send" to the first and the last message
 * and until every delivery was queued, achieved send rate against the cap, the largest number of
 * sends in any 1-second window, statuses applied, duplicates and losses, worker RSS, the progress
 * bar's query polled every second, and the CPU time per message of the web, worker and database
 * processes (from /proc). See docs/delivery.md.
 *
 * Options: --status-batch N (statuses per webhook POST; default 1, as Meta), --read-fraction F
 * (default 1: sent, delivered and read for every message, 3 POSTs), --inbound R (citizens' messages
 * per second during the send, default 5), --sim-limit N (the simulator answers 130429 above N/s;
 * default: no limit, so the window figure measures our limiter alone), --in-flight N
 * (DELIVERY_MAX_IN_FLIGHT), --timeout S, --worker-log debug (prints the workers' logs at the end),
 * --cpu-prof DIR (profiles the workers and the web processes), --publish-only (seed and publish, no
 * sending: the publishing time alone), --warmup N (a first alert to N other subscribers warms the
 * workers up, as in production; 0 = cold; default 2000), --pg-stats (the embedded database loads
 * pg_stat_statements; the 25 costliest statements of the send are printed), --notes TEXT (kept
 * with --record).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { getDeliveryProgress, type DeliveryCounts } from '../delivery/progress';
import { APPLY_SQL } from '../delivery/apply-statuses';
import { setSetting } from '../settings/store';
import { publishAlert } from '../delivery/testing/fixtures';
import { seedSubscribers, staffActor } from '../testing/fixtures';
import { spawnWorker, type WorkerProcess } from '../delivery/testing/worker-process';
import { startSimulatorProcess } from '../delivery/testing/simulator-process';
import { approveTemplates, launch } from '../alerts/test-fixtures';
import { createAlert } from '../alerts/create-alert';
import { sendAlertNow } from '../alerts/send-alert-now';
import { benchContext, benchDatabase } from './bench-env';
import { recordFanout, type FanoutResult } from './fanout-record';
import { cpuSeconds, spawnWeb, treeCpuSeconds, type WebProcess } from './processes';

const { values } = parseArgs({
  options: {
    recipients: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '1000' },
    workers: { type: 'string', default: '1' },
    web: { type: 'string', default: '1' },
    'status-batch': { type: 'string', default: '1' },
    'read-fraction': { type: 'string', default: '1' },
    inbound: { type: 'string', default: '5' },
    'sim-limit': { type: 'string' },
    'in-flight': { type: 'string' },
    timeout: { type: 'string', default: '3600' },
    'worker-log': { type: 'string' },
    'cpu-prof': { type: 'string' },
    'publish-only': { type: 'boolean', default: false },
    warmup: { type: 'string', default: '2000' },
    'node-flags': { type: 'string' },
    record: { type: 'string' },
    notes: { type: 'string' },
    'pg-stats': { type: 'boolean', default: false },
  },
});
const N = Number(values.recipients);
const RATE = Number(values.rate);
const WORKERS = Number(values.workers);
const WEB = Number(values.web);
const STATUS_BATCH = Number(values['status-batch']);
const READ_FRACTION = Number(values['read-fraction']);
const INBOUND = Number(values.inbound);
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
          .filter((a, i, all) => !['--record', '--notes'].includes(a) && !['--record', '--notes'].includes(all[i - 1] ?? ''))
          .join(' ')}`,
        r,
        values.notes,
      )}`,
    );
};
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 1) => +x.toFixed(d);

/** CPU seconds of the processes under test, read from /proc. */
function cpuNow(web: WebProcess | null, workers: WorkerProcess[], dbPid: number | null) {
  return {
    web: web ? web.pids.reduce((a, p) => a + cpuSeconds(p), 0) : 0,
    worker: workers.reduce((a, w) => a + cpuSeconds(w.pid), 0),
    db: dbPid ? treeCpuSeconds(dbPid) : 0,
  };
}

async function main(): Promise<void> {
  if (!(N > 0) || !(RATE >= 1 && RATE <= 1000) || !(WORKERS >= 1) || !(WEB >= 1))
    throw new Error('usage: --recipients N --rate 1..1000 [--workers W] [--web P]');
  say(`Banditore fan-out: ${N} recipients, cap ${RATE} msg/s, ${WORKERS} worker process(es), ${WEB} web process(es)`);
  say(
    `  statuses: ${STATUS_BATCH === 1 ? 'one per webhook POST (as Meta)' : `up to ${STATUS_BATCH} per POST`}, read fraction ${READ_FRACTION}; inbound ${INBOUND} msg/s`,
  );
  const db = await benchDatabase(undefined, undefined, { statementStats: values['pg-stats'] });
  say(`  database: ${db.where}`);
  const { ctx, dataKey, close } = await benchContext(db.url);
  const workers: WorkerProcess[] = [];
  const procEnv = { databaseUrl: db.url, dataKey, graphUrl: 'http://127.0.0.1:9' };
  const web = values['publish-only']
    ? null
    : await spawnWeb({
        ...procEnv,
        processes: WEB,
        ...(values['cpu-prof'] ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] } : {}),
      });
  // The simulator runs in a process of its own: its clock (which measures the windows) is not
  // stalled by the rest of the work.
  const sim = await startSimulatorProcess(
    web?.url ?? 'http://127.0.0.1:9/api/whatsapp/webhook',
    {
      maxPerSecond: values['sim-limit'] ? Number(values['sim-limit']) : null,
      statusBatchMax: STATUS_BATCH,
      readFraction: READ_FRACTION,
    },
    values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}/simulator`] : [],
  );
  say(`  simulator process: ${sim.raisedPriority ? 'nice −5 (ahead of the processes under test, for its clock)' : 'normal priority'}`);
  try {
    await setSetting(ctx.db, 'messagesPerSecond', RATE);
    await setSetting(ctx.db, 'dailyRecipientLimit', 'unlimited');
    // The simulator's copy of Banditore's alert template is avviso_comune.
    await setSetting(ctx.db, 'alertTemplateName', 'avviso_comune');
    await setSetting(ctx.db, 'alertTemplateLanguage', 'it');
    await approveTemplates(ctx);
    await launch(ctx);
    const editor = await staffActor(ctx, 'EDITOR');
    const topic = async (slug: string) => (await ctx.db.topic.findUniqueOrThrow({ where: { slug } })).id;
    const WARMUP = Number(values.warmup);
    let t = performance.now();
    await seedSubscribers(ctx, { count: N, topicSlug: 'viabilita' });
    if (WARMUP > 0) await seedSubscribers(ctx, { count: WARMUP, start: 90_000_000, topicSlug: 'urgenze' });
    await ctx.pool.query('VACUUM ANALYZE subscribers');
    await ctx.pool.query('VACUUM ANALYZE subscriber_topics');
    say(`  seeding subscribers           ${sec(performance.now() - t)}`);
    const { id: alertId } = await createAlert(ctx, {
      actor: editor,
      input: { title: 'Via Roma chiusa', body: 'Via Roma è chiusa dalle 18 per lavori.', urgency: 'urgent', urgentReason: 'Frana', topics: ['viabilita'] },
    });

    if (values['publish-only']) {
      t = performance.now();
      const { recipients } = await sendAlertNow(ctx, { actor: editor, alertId });
      const publishS = +((performance.now() - t) / 1000).toFixed(3);
      say(`  publishing (all batches)      ${sec(publishS * 1000)}  (${recipients} deliveries)`);
      await record({ recipients: recipients ?? 0, publishS });
      return;
    }
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        spawnWorker({
          ...procEnv,
          graphUrl: sim.url,
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
    if (values['pg-stats']) {
      await ctx.pool.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await ctx.pool.query('SELECT pg_stat_statements_reset()');
    }
    const rssStart = workers.map((w) => w.rss());
    const dbPid = await db.serverPid();
    const cpu0 = cpuNow(web, workers, dbPid);
    const simCpu0 = cpuSeconds(sim.pid);
    const benchCpu0 = process.cpuUsage();

    // "Send now", as the API does: sending starts on the first committed batch of deliveries.
    t = performance.now();
    const sent = performance.timeOrigin + t;
    let queuedAt = 0;
    let recipients = 0;
    const publishing = sendAlertNow(ctx, { actor: editor, alertId }).then((r) => {
      queuedAt = performance.timeOrigin + performance.now();
      recipients = r.recipients ?? 0;
    });

    // Citizens write meanwhile (each a new number asking for help: one reply each).
    let inboundSent = 0;
    let inboundRunning = INBOUND > 0;
    const inbound = (async () => {
      const every = 1000 / Math.max(INBOUND, 0.001);
      let next = performance.now();
      while (inboundRunning) {
        next += every;
        const digits = `3939${String(inboundSent).padStart(7, '0')}`;
        inboundSent++;
        void sim.phoneSends(digits, { type: 'text', text: 'Aiuto' }).catch(() => undefined);
        await sleep(Math.max(0, next - performance.now()));
      }
    })();

    let rss10k: number[] | null = null;
    const deadline = Date.now() + Number(values.timeout) * 1000;
    // Someone watches the progress bar meanwhile (the dashboard polls every second): its query is timed.
    const progressMs: number[] = [];
    let nextPoll = 0;
    let a = await sim.accepted();
    for (;;) {
      if (!rss10k && a.count >= Math.min(10_000, N)) {
        rss10k = workers.map((w) => w.rss());
        if (values['pg-stats']) {
          // How the status claim runs mid-send (without FOR UPDATE, so it takes nothing away).
          const c = await ctx.pool.connect();
          await c.query('BEGIN');
          await c.query('SET LOCAL enable_bitmapscan = off');
          const plan = await c.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, BUFFERS) SELECT id::text, kind, payload_enc, attempts, received_at FROM inbound_events
              WHERE processed_at IS NULL AND kind = 'STATUS' AND available_at <= now() AND parked_at IS NULL ORDER BY processed_at, kind, available_at LIMIT 200`,
          );
          await c.query('COMMIT');
          // And the status statement on 150 sent deliveries, rolled back.
          const sentRows = await c.query<{ h: string }>(
            `SELECT wamid_hmac AS h FROM deliveries WHERE alert_id = $1 AND status = 'SENT' AND wamid_hmac IS NOT NULL LIMIT 150`,
            [alertId],
          );
          const hs = sentRows.rows.map((r) => r.h);
          await c.query('BEGIN');
          const applyPlan = await c.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${APPLY_SQL}`, [
            hs,
            hs.map(() => 'delivered'),
            hs.map(() => new Date()),
            hs.map(() => null),
            hs.map(() => null),
          ]);
          await c.query('ROLLBACK');
          for (const r of applyPlan.rows) say(`    apply ${r['QUERY PLAN']}`);
          c.release();
          for (const r of plan.rows) say(`    plan ${r['QUERY PLAN']}`);
        }
      }
      if (performance.now() >= nextPoll) {
        nextPoll = performance.now() + 1000;
        const p0 = performance.now();
        const p = await getDeliveryProgress(ctx, alertId);
        progressMs.push(performance.now() - p0);
        // Done once every batch is queued (the use case answered) and nothing is left to send.
        if ((queuedAt > 0 && p?.done) || Date.now() > deadline) break;
      }
      await sleep(100);
      a = await sim.accepted();
    }
    inboundRunning = false;
    await inbound;
    await publishing;
    a = await sim.accepted();
    const rssEnd = workers.map((w) => w.rss());
    const decided = (await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId }, select: { publishedAt: true } })).publishedAt?.getTime() ?? sent;
    const firstBatch = await ctx.pool.query<{ at: Date }>(`SELECT min(at) AS at FROM audit_log WHERE target = $1 AND action = 'alert_send'`, [alertId]);
    say(
      `  first message after "send"    ${sec(a.first - sent)}  (send decision at +${sec(decided - sent)}, its audit entry at +${sec((firstBatch.rows[0]?.at?.getTime() ?? sent) - sent)})`,
    );
    say(`  every delivery queued after   ${sec(queuedAt - sent)}  (${recipients} deliveries, streamed in batches)`);
    say(`  last message after "send"     ${sec(a.last - sent)}`);
    const rate = a.count > 1 ? ((a.count - 1) * 1000) / (a.last - a.first) : 0;
    say(`  achieved rate (first→last)    ${rate.toFixed(0)} msg/s = ${((rate / RATE) * 100).toFixed(1)}% of the cap (alert and replies)`);
    const overall = (a.count * 1000) / (a.last - sent);
    say(`  overall (send→last)           ${overall.toFixed(0)} msg/s = ${((overall / RATE) * 100).toFixed(1)}% of the cap`);

    // Let the statuses flow: the simulator sends read receipts seconds after each send. Settled when
    // every status of every send (replies too) was posted and applied, twice in a row.
    const statusDeadline = performance.now() + 300_000;
    await sleep(4500);
    for (let settled = 0; settled < 2 && performance.now() < statusDeadline;) {
      const { rows } = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_events WHERE processed_at IS NULL');
      const st = await sim.stats();
      const posted = READ_FRACTION >= 1 ? st.statuses.read + st.statuses.failed : st.statuses.delivered + st.statuses.failed;
      const idle = st.webhooks.queued + st.webhooks.inFlight === 0 && posted >= st.acceptedSends;
      settled = (rows[0]?.n ?? 0) === 0 && idle ? settled + 1 : 0;
      await sleep(500);
    }
    const settledAt = performance.timeOrigin + performance.now();
    const cpu1 = cpuNow(web, workers, dbPid);
    if (values['pg-stats']) {
      const top = await ctx.pool.query<{ query: string; calls: number; ms: number; rows: number }>(
        `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS query, calls::int, round(total_exec_time)::int AS ms, rows::int FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25`,
      );
      for (const r of top.rows)
        say(`    pg ${String(r.ms).padStart(6)} ms ${String(r.calls).padStart(7)} calls ${String(r.rows).padStart(8)} rows  ${r.query}`);
    }
    const simCpu = cpuSeconds(sim.pid) - simCpu0;
    const benchCpu = process.cpuUsage(benchCpu0);
    const stats = await sim.stats();
    const processed = await ctx.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM inbound_events WHERE kind = 'STATUS' AND processed_at IS NOT NULL AND received_at >= to_timestamp($1 / 1000.0)`,
      [sent],
    );
    const unprocessed = await ctx.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM inbound_events WHERE processed_at IS NULL');
    const states = await ctx.pool.query<{ status: string; n: number }>(
      'SELECT status::text, count(*)::int AS n FROM deliveries WHERE alert_id = $1 GROUP BY 1 ORDER BY 1',
      [alertId],
    );
    const replies = await ctx.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbound_messages WHERE wamid_hmac IS NOT NULL AND created_at >= to_timestamp($1 / 1000.0)`,
      [sent],
    );
    const repliesSent = replies.rows[0]?.n ?? 0;
    const byState = Object.fromEntries(states.rows.map((r) => [r.status, r.n]));
    const statusesSent = stats.statuses.sent + stats.statuses.delivered + stats.statuses.read + stats.statuses.failed;
    const perPost = stats.statusPosts.total > 0 ? statusesSent / stats.statusPosts.total : 0;
    const postsPerS = stats.statusPosts.total / ((settledAt - a.first) / 1000);
    say(
      `  status webhooks               ${statusesSent} statuses in ${stats.statusPosts.total} signed POSTs (${perPost.toFixed(2)} per POST), ` +
        `${postsPerS.toFixed(0)} POSTs/s on average, ${stats.statusPosts.maxPerSecond} in the busiest second; ${stats.inboundMessages} inbound messages`,
    );
    say(`  max sends in a 1-s window     ${stats.maxWindow1s} (${((stats.maxWindow1s / RATE) * 100).toFixed(1)}% of the cap)`);
    say(
      `  simulator's longest stall     ${a.stallMaxMs.toFixed(0)} ms event loop, ${a.gcMaxMs.toFixed(0)} ms GC (sends arriving meanwhile are counted together)`,
    );
    say(
      `  130429 answers                ${stats.errorsByCode['130429'] ?? 0}; webhook answers not 200: ${stats.webhooks.failed} (retried ${stats.webhooks.retried})`,
    );
    // Every status applied: with read fraction 1 every delivery ends READ.
    const expectedFinal = READ_FRACTION >= 1 ? (byState.READ ?? 0) : (byState.READ ?? 0) + (byState.DELIVERED ?? 0);
    const allApplied = expectedFinal === N && (unprocessed.rows[0]?.n ?? 0) === 0;
    say(
      `  statuses applied              ${processed.rows[0]?.n ?? 0} status events processed, ${unprocessed.rows[0]?.n ?? 0} left; ` +
        `deliveries ${states.rows.map((r) => `${r.status} ${r.n}`).join(', ')}: ${allApplied ? 'every status applied' : 'NOT every status applied'}`,
    );
    // Replies went to numbers outside the audience, one each.
    const duplicates = stats.duplicateRecipientsCount;
    const losses = N - (stats.distinctRecipients - repliesSent);
    say(`  duplicates / losses           ${duplicates} / ${losses}   (${repliesSent} replies to ${inboundSent} citizens' messages not counted)`);
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
    const cpu = { web: cpu1.web - cpu0.web, worker: cpu1.worker - cpu0.worker, db: cpu1.db - cpu0.db };
    const total = cpu.web + cpu.worker + cpu.db;
    const perMsg = (s: number) => (s * 1000) / Math.max(1, a.count);
    say(
      `  CPU per message sent          ${perMsg(total).toFixed(3)} ms = web ${perMsg(cpu.web).toFixed(3)} + worker ${perMsg(cpu.worker).toFixed(3)} + database ${perMsg(cpu.db).toFixed(3)}` +
        ` (${total.toFixed(0)} CPU s over ${((settledAt - sent) / 1000).toFixed(0)} s for ${a.count} messages and their statuses)`,
    );
    say(
      `  load generators (not counted) simulator ${simCpu.toFixed(0)} CPU s, benchmark process ${((benchCpu.user + benchCpu.system) / 1e6).toFixed(0)} CPU s (it also queued the batches)`,
    );
    const result: FanoutResult = {
      recipients: N,
      rate: RATE,
      workers: WORKERS,
      web: WEB,
      statusBatch: STATUS_BATCH,
      statusesPerPost: round(perPost, 2),
      statusPosts: stats.statusPosts.total,
      statusPostsPerS: Math.round(postsPerS),
      statusPostsMaxPerS: stats.statusPosts.maxPerSecond,
      inbound: stats.inboundMessages,
      replies: repliesSent,
      publishS: +((queuedAt - sent) / 1000).toFixed(3),
      firstS: +((a.first - sent) / 1000).toFixed(3),
      lastS: +((a.last - sent) / 1000).toFixed(3),
      achievedPct: round((rate / RATE) * 100),
      maxWindow: stats.maxWindow1s,
      simStallMs: Math.round(a.stallMaxMs),
      simRaisedPriority: sim.raisedPriority,
      statuses: processed.rows[0]?.n ?? 0,
      allApplied,
      duplicates,
      losses,
      rssStartMB: rssStart.map((r) => Math.round(r / 1048576)),
      rss10kMB: (rss10k ?? rssEnd).map((r) => Math.round(r / 1048576)),
      rssEndMB: rssEnd.map((r) => Math.round(r / 1048576)),
      progressMaxMs: round(sorted.at(-1) ?? 0),
      progressAgrees: agrees,
      cpuMsPerMessage: { web: round(perMsg(cpu.web), 3), worker: round(perMsg(cpu.worker), 3), db: round(perMsg(cpu.db), 3), total: round(perMsg(total), 3) },
      loadAvg: +(await import('node:os')).loadavg()[0]!.toFixed(2),
    };
    say(`RESULT ${JSON.stringify(result)}`);
    await record(result);
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(workers.map((w) => Promise.race([w.exited, sleep(20_000)])));
    if (values['worker-log']) for (const w of workers) process.stdout.write(w.output());
    await sim.stop();
    await web?.stop();
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
