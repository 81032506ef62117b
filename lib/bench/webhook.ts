/**
 * `npm run bench:webhook -- [--requests 20000] [--concurrency 64] [--statuses-per-post 1]`
 *
 * How many signed status webhooks per second the real receiver sustains: the production server
 * (lib/server/main.ts, `npm run build` first) on loopback with its embedded PostgreSQL and its
 * in-process worker, fed with Meta-shaped `delivered` statuses for messages it has sent. Prints
 * throughput, latency percentiles and whether every status was stored and applied.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { parseKey, SIMULATOR_DEFAULTS } from '../env';
import { createDataCipher } from '../privacy/crypto';
import { wamidHmac } from '../privacy/wamid';
import { metaJson, statusUpdate, webhookPayload } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { recordRun } from './bench-report';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const REQUESTS = arg('requests', 20_000);
const CONCURRENCY = arg('concurrency', 64);
const PER_POST = arg('statuses-per-post', 1);
const RECORD = process.argv.includes('--record') ? process.argv[process.argv.indexOf('--record') + 1] : undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

function post(agent: http.Agent, port: number, body: Buffer, signature: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/whatsapp/webhook',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-hub-signature-256': signature },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function main(): Promise<void> {
  if (!existsSync('.next/BUILD_ID')) throw new Error('Run `npm run build` first: the benchmark measures the production server.');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-bench-webhook-'));
  const port = await freePort();
  let server: ChildProcess | null = null;
  try {
    server = spawn(process.execPath, ['--import', 'tsx', path.resolve('lib/server/main.ts')], {
      env: {
        NODE_ENV: 'production',
        PORT: String(port),
        DATA_DIR: dir,
        DEMO_MODE: 'true',
        LOG_LEVEL: 'warn',
        NEXT_TELEMETRY_DISABLED: '1',
        HOME: os.homedir(),
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/api/health`)).ok, 120_000, 'the server');
    const secrets = JSON.parse(await readFile(path.join(dir, 'demo-secrets.json'), 'utf8')) as Record<string, string>;
    const saved = JSON.parse(await readFile(path.join(dir, 'postgres.json'), 'utf8')) as { port: number; password: string };
    const db = new pg.Client({ host: '127.0.0.1', port: saved.port, user: 'postgres', password: saved.password, database: 'banditore' });
    await db.connect();

    const total = REQUESTS * PER_POST;
    // Messages the service "sent": the statuses below refer to them (stored as the server does,
    // by the keyed HMAC of their wamid).
    const cipher = createDataCipher(parseKey(secrets.DATA_ENCRYPTION_KEY!)!);
    const hmacs = Array.from({ length: total }, (_, g) => wamidHmac(cipher, `wamid.BENCH${g + 1}`));
    await db.query(
      `INSERT INTO outbound_messages (idempotency_key, purpose, status, wamid_hmac, updated_at)
       SELECT 'bench:' || g, 'reply', 'SENT', h, now() FROM unnest($1::text[]) WITH ORDINALITY AS x(h, g)`,
      [hmacs],
    );
    const bodies: { body: Buffer; sig: string }[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const statuses = Array.from({ length: PER_POST }, (_, k) =>
        statusUpdate('delivered', { id: `wamid.BENCH${i * PER_POST + k + 1}`, recipientId: '393331234567' }),
      );
      const body = Buffer.from(metaJson(webhookPayload({ phoneNumberId: SIMULATOR_DEFAULTS.phoneNumberId, statuses })));
      bodies.push({ body, sig: signPayload(body, secrets.WHATSAPP_APP_SECRET!) });
    }

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    // Warm-up: the first requests compile and connect lazily.
    for (let i = 0; i < 50; i++) {
      const warm = Buffer.from(
        metaJson(webhookPayload({ phoneNumberId: SIMULATOR_DEFAULTS.phoneNumberId, statuses: [statusUpdate('sent', { id: `wamid.WARM${i}` })] })),
      );
      await post(agent, port, warm, signPayload(warm, secrets.WHATSAPP_APP_SECRET!));
    }
    const latencies: number[] = [];
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < bodies.length) {
          const { body, sig } = bodies[next++]!;
          const t = performance.now();
          const status = await post(agent, port, body, sig).catch(() => 0);
          latencies.push(performance.now() - t);
          if (status !== 200) failures++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const answered = performance.now();
    await waitFor(
      async () =>
        (await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE idempotency_key LIKE 'bench:%' AND status = 'DELIVERED'`)).rows[0].n === total,
      300_000,
      'every status to be applied',
    );
    const applyLag = (performance.now() - answered) / 1000;
    const stored = (
      await db.query(`SELECT count(*)::int AS n FROM inbound_events WHERE dedupe_key = ANY($1::text[])`, [hmacs.map((h) => `status:${h}:delivered`)])
    ).rows[0].n as number;
    await db.end();
    agent.destroy();

    latencies.sort((a, b) => a - b);
    const rate = REQUESTS / seconds;
    const rows: [string, string][] = [
      ['POSTs', String(REQUESTS)],
      ['statuses per POST', String(PER_POST)],
      ['concurrency', String(CONCURRENCY)],
      ['signed webhooks/s', rate.toFixed(0)],
      ['statuses/s', (rate * PER_POST).toFixed(0)],
      ['latency p50 (ms)', pct(latencies, 50).toFixed(1)],
      ['latency p99 (ms)', pct(latencies, 99).toFixed(1)],
      ['latency max (ms)', (latencies.at(-1) ?? 0).toFixed(1)],
      ['non-200 answers', String(failures)],
      ['statuses stored', `${stored} / ${total}`],
      ['all applied after last answer (s)', applyLag.toFixed(1)],
    ];
    for (const [k, v] of rows) process.stdout.write(`${k.padEnd(36)} ${v}\n`);
    const ok = rate >= 2000 && pct(latencies, 99) <= 250 && failures === 0 && stored === total;
    process.stdout.write(`\ntarget (>= 2000/s, p99 <= 250 ms, none lost): ${ok ? 'PASS' : 'FAIL'}\n`);
    if (RECORD) {
      const p99 = pct(latencies, 99);
      const file = await recordRun({
        name: RECORD,
        title: `webhook receiver, ${REQUESTS.toLocaleString('en')} signed status POSTs, ${CONCURRENCY} concurrent`,
        command: `npm run bench:webhook -- --requests ${REQUESTS} --concurrency ${CONCURRENCY} --statuses-per-post ${PER_POST}`,
        figures: [
          { measure: 'signed webhooks per second', value: `${rate.toFixed(0)}/s`, target: '≥ 2,000/s', met: rate >= 2000 },
          { measure: 'latency p50 / p99', value: `${pct(latencies, 50).toFixed(1)} ms / ${p99.toFixed(1)} ms`, target: 'p99 ≤ 250 ms', met: p99 <= 250 },
          {
            measure: 'non-200 answers, statuses stored',
            value: `${failures}; ${stored} / ${total}`,
            target: 'none lost',
            met: failures === 0 && stored === total,
          },
          { measure: 'all applied after the last answer', value: `${applyLag.toFixed(1)} s` },
        ],
      });
      process.stdout.write(`recorded in ${file}: run npm run bench:report\n`);
    }
  } finally {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
