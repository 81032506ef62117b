/**
 * `npm run bench:import [-- --rows 100000 --target-s 15 --database-url URL --record <name>]`
 *
 * The broadcast-list import (lib/subscribers/import-subscribers.ts) as the dashboard runs it: a
 * generated CSV of --rows people (written to a temp file, read back as a stream), the preview, the
 * import (one transaction, batches of multi-row statements), then the same file again (adds
 * nobody). Prints wall time and rows/s of each pass, this process's peak RSS and its RSS growth
 * during the import (memory flat: the file is never held whole), and what the per-row encryption
 * alone costs. PASS when the import is within the target. Database: an ephemeral embedded
 * PostgreSQL, or a fresh database on --database-url's server, dropped at the end.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { systemActor } from '../access/actor';
import { importSubscribers, type ImportReport } from '../subscribers/import-subscribers';
import { benchContext, benchDatabase } from './bench-env';
import { recordRun } from './bench-report';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    'target-s': { type: 'string', default: '15' },
    'database-url': { type: 'string' },
    record: { type: 'string' },
  },
});
const ROWS = Number(values.rows);
const TARGET_S = Number(values['target-s']);
const say = (m: string) => process.stdout.write(`${m}\n`);
const n = (x: number) => Math.round(x).toLocaleString('en');
const mb = (b: number) => Math.round(b / 2 ** 20);

const FIRST = ['Giulia', 'Marco', 'Anna', 'Luca', 'Sara', 'Niccolò', 'Chiara', 'Matteo', 'Elena', 'Pietro'];
const LAST = ['Rossi', 'Bianchi', "D'Annunzio", 'De Luca', 'Esposito', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco'];
const TOPICS = ['', 'viabilita', 'urgenze|viabilita', 'eventi', ''];

/** A file like a comune's old list: Italian mobiles in several spellings, some quoted names, topics. */
async function writeCsv(file: string, rows: number): Promise<number> {
  const out = createWriteStream(file);
  const put = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await put('phone,first_name,last_name,topics,consented_at\r\n');
  for (let i = 0; i < rows; i++) {
    const digits = String(3_200_000_000 + i * 7);
    const phone = i % 3 === 0 ? `+39${digits}` : i % 3 === 1 ? `${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}` : `0039${digits}`;
    const last = LAST[i % LAST.length]!;
    const topics = TOPICS[i % TOPICS.length]!.replace('eventi', 'urgenze');
    await put(`${phone},${FIRST[i % FIRST.length]},${last.includes("'") ? `"${last}"` : last},${topics},2025-0${1 + (i % 9)}-1${i % 10}\r\n`);
  }
  out.end();
  await once(out, 'finish');
  return (await stat(file)).size;
}

/** Samples this process's RSS every 20 ms while `fn` runs. */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number; startRss: number; peakRss: number }> {
  const startRss = process.memoryUsage.rss();
  let peakRss = startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 20);
  const t = performance.now();
  try {
    const value = await fn();
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    return { value, seconds: (performance.now() - t) / 1000, startRss, peakRss };
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  if (!(ROWS > 0)) throw new Error('usage: [--rows N] [--target-s S] [--database-url URL] [--record name]');
  say(`Banditore import benchmark: ${n(ROWS)} rows, target ≤ ${TARGET_S} s for the import`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-import-'));
  const file = path.join(dir, 'elenco.csv');
  const bytes = await writeCsv(file, ROWS);
  say(`  file: ${(bytes / 2 ** 20).toFixed(1)} MB`);
  const db = await benchDatabase(values['database-url'], 'banditore_import');
  say(`  database: ${db.where}`);
  const { ctx, close } = await benchContext(db.url);
  const actor = systemActor('bench');
  const pass = (mode: 'preview' | 'import', progress?: { id: string; expectedRows: number }) =>
    measured(() => importSubscribers(ctx, { actor, file: createReadStream(file), fileName: 'elenco.csv', mode, progress }));
  const line = (what: string, r: { seconds: number; value: ImportReport; peakRss: number }) =>
    say(
      `  ${what.padEnd(22)} ${r.seconds.toFixed(2).padStart(6)} s  ${n(ROWS / r.seconds).padStart(8)} rows/s  added ${n(r.value.added)}, already present ${n(r.value.alreadyPresent)}, invalid ${n(r.value.invalid)}; peak RSS ${mb(r.peakRss)} MB`,
    );
  try {
    // Encryption alone: 3 AES-GCM ciphertexts and 1 HMAC per row, what the import cannot batch away.
    const t = performance.now();
    for (let i = 0; i < ROWS; i++) {
      ctx.cipher.hmac(`+39${3_200_000_000 + i}`);
      ctx.cipher.encrypt(`+39${3_200_000_000 + i}`);
      ctx.cipher.encrypt('Giulia');
      ctx.cipher.encrypt('Rossi');
    }
    const cryptoS = (performance.now() - t) / 1000;
    say(`  encryption alone (1 HMAC + 3 AES-GCM per row): ${cryptoS.toFixed(2)} s`);

    const preview = await pass('preview');
    line('preview', preview);
    const imported = await pass('import', { id: '00000000-0000-4000-8000-0000000be001', expectedRows: ROWS });
    line('import', imported);
    const again = await pass('import');
    line('same file again', again);

    const { rows } = await ctx.pool.query<{ subs: number; ledger: number; topics: number }>(
      `SELECT (SELECT count(*) FROM subscribers WHERE status = 'ACTIVE')::int AS subs, (SELECT count(*) FROM consent_events)::int AS ledger,
              (SELECT count(*) FROM subscriber_topics)::int AS topics`,
    );
    const c = rows[0]!;
    const correct = imported.value.added === ROWS && again.value.added === 0 && again.value.alreadyPresent === ROWS && c.subs === ROWS && c.ledger === ROWS;
    say(`  database after: ${n(c.subs)} active subscribers, ${n(c.ledger)} consent entries, ${n(c.topics)} topic rows${correct ? '' : ' (WRONG)'}`);
    const growth = mb(imported.peakRss - imported.startRss);
    const met = imported.seconds <= TARGET_S;
    say(
      `\n${met && correct ? 'PASS' : 'FAIL'}: import of ${n(ROWS)} rows in ${imported.seconds.toFixed(2)} s (target ≤ ${TARGET_S} s); RSS grew ${growth} MB during it`,
    );
    if (values.record) {
      const recorded = await recordRun({
        name: values.record,
        title: `import of ${n(ROWS)} subscribers from a CSV file`,
        command: `npm run bench:import -- --rows ${ROWS}`,
        figures: [
          {
            measure: 'import (one transaction, batches of 2,000)',
            value: `${imported.seconds.toFixed(2)} s, ${n(ROWS / imported.seconds)} rows/s`,
            target: `≤ ${TARGET_S} s`,
            met,
          },
          { measure: 'every row added once, re-import adds nobody', value: correct ? 'yes' : 'no', target: 'yes', met: correct },
          { measure: 'preview (checks every row, writes nothing)', value: `${preview.seconds.toFixed(2)} s, ${n(ROWS / preview.seconds)} rows/s` },
          { measure: 'same file again (adds nobody)', value: `${again.seconds.toFixed(2)} s` },
          {
            measure: 'peak RSS of the importing process',
            value: `${mb(Math.max(preview.peakRss, imported.peakRss, again.peakRss))} MB (import: ${mb(imported.startRss)} → ${mb(imported.peakRss)} MB)`,
          },
          { measure: 'encryption alone (1 HMAC + 3 AES-GCM per row)', value: `${cryptoS.toFixed(2)} s` },
          { measure: 'file size', value: `${(bytes / 2 ** 20).toFixed(1)} MB` },
        ],
      });
      say(`recorded in ${recorded}: run npm run bench:report`);
    }
    process.exitCode = met && correct ? 0 : 1;
  } finally {
    await close();
    await db.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
