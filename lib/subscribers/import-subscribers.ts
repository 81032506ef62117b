import { assertActor, isSystem, type AnyActor } from '../access/actor';
import { actorLabel } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { isUuid } from '../ids';
import { loadSettings } from '../settings/store';
import { CsvSyntaxError, readCsvRows } from '../subscriptions/csv';
import { normalisePhone } from '../subscriptions/phone';
import { PERSON_NAME } from '../subscriptions/schema';

/** The file's columns, in this order, on its first line (README, "Import an existing list"). */
export const IMPORT_COLUMNS = ['phone', 'first_name', 'last_name', 'topics', 'consented_at'] as const;
/** The largest file taken (about 400,000 rows of typical length); the dashboard says so. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
/** Rows per multi-row statement: one look-up and four INSERTs per batch. */
export const IMPORT_BATCH = 2000;
/** Row errors listed in the report; past this they are only counted (memory stays flat). */
export const IMPORT_ERRORS_LISTED = 500;

export interface ImportRowError {
  line: number;
  /** Italian, for staff: "Riga 12: numero non valido". */
  message: string;
}

export interface ImportReport {
  /** 'preview': checked, nothing written. 'import': written, unless there was any invalid row. */
  mode: 'preview' | 'import';
  /** True only when the rows were written (import mode, no invalid row). */
  written: boolean;
  /** Data rows read (header and blank lines excluded). */
  rows: number;
  /** New subscribers (preview: who would be added). */
  added: number;
  /** Already active subscribers: left as they are. */
  alreadyPresent: number;
  /** People who had left the service: an old list must never re-subscribe someone who opted out. */
  optedOut: number;
  /** Rows with at least one problem. Any invalid row and nothing is written. */
  invalid: number;
  /** The first IMPORT_ERRORS_LISTED problems, in file order (one per row, or one for the whole file). */
  errors: ImportRowError[];
}

export interface ImportInput {
  actor: AnyActor;
  /** The file's bytes, read once per call (a file stream, an upload's body). */
  file: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
  /** The file's name, recorded in the audit log and the consent evidence (never a number or a name). */
  fileName: string;
  mode: 'preview' | 'import';
  /** With an id, progress is kept in subscriber_imports for a progress bar (import mode). */
  progress?: { id: string; expectedRows?: number };
}

interface Row {
  line: number;
  phone: string;
  firstName: string;
  lastName: string;
  topicIds: string[];
  consentedAt: Date;
}

type Db = Pick<Prisma.TransactionClient, '$queryRawUnsafe' | '$executeRawUnsafe'>;

class Refused extends Error {}

const riga = (line: number, what: string): ImportRowError => ({ line, message: `Riga ${line}: ${what}` });

function nameProblem(label: string, v: string): string | null {
  if (!v) return `${label} mancante`;
  if (v.length > 60) return `${label} troppo lungo (al massimo 60 caratteri)`;
  if (!PERSON_NAME.test(v)) return `${label} non valido (solo lettere, spazi, apostrofi e trattini)`;
  return null;
}

/**
 * Imports an existing broadcast list (source IMPORT), from the dashboard and the CLI alike. The
 * file is read as a stream and every row is checked (Italian problems with their line). 'preview'
 * writes nothing and says what an import would do; 'import' writes in batches of IMPORT_BATCH rows
 * with multi-row statements (INSERT … SELECT FROM unnest(…) ON CONFLICT), all inside one
 * transaction: a bad row anywhere, a broken file or a crash and nothing is imported. Numbers are
 * stored as keyed HMAC + AES-GCM ciphertext, names encrypted; each person gets an OPT_IN in the
 * consent ledger (channel IMPORT, the file, the line, when consent was given) and the import one
 * audit entry with its counts, in the same transaction. Re-importing the same file adds nobody:
 * active people count as already present, people who left are never re-subscribed.
 */
export async function importSubscribers(ctx: AppContext, input: ImportInput): Promise<ImportReport> {
  const { actor, fileName, mode } = input;
  assertActor(actor, 'ADMIN');
  const progressId = mode === 'import' ? input.progress?.id : undefined;
  if (progressId !== undefined && !isUuid(progressId)) throw new AppError('invalid_input', 'Identificativo di importazione non valido.');
  const report: ImportReport = { mode, written: false, rows: 0, added: 0, alreadyPresent: 0, optedOut: 0, invalid: 0, errors: [] };
  if (progressId) {
    const who = isSystem(actor) ? `system:${actor.label}` : actorLabel(actor);
    const exists = await ctx.db.subscriberImport.findUnique({ where: { id: progressId }, select: { id: true } });
    if (exists) throw new AppError('conflict', 'Questa importazione è già stata avviata.');
    await ctx.db.subscriberImport.create({
      data: { id: progressId, actor: who, fileName, status: 'RUNNING', rowsTotal: input.progress?.expectedRows ?? null, startedAt: ctx.now() },
    });
  }
  const finish = async (status: 'DONE' | 'REFUSED' | 'FAILED') => {
    if (!progressId) return;
    const { added, alreadyPresent, optedOut, invalid } = report;
    await ctx.db.subscriberImport.update({
      where: { id: progressId },
      data: { status, rowsDone: report.rows, added, alreadyPresent, optedOut, invalid, finishedAt: ctx.now() },
    });
  };
  try {
    const settings = await loadSettings(ctx.db);
    const topics = await ctx.db.topic.findMany({ where: { active: true }, orderBy: { position: 'asc' } });
    const bySlug = new Map(topics.map((t) => [t.slug, t.id]));
    const allTopics = topics.map((t) => t.id);
    const now = ctx.now();

    const run = async (db: Db) => {
      const seen = new Map<string, number>();
      let batch: Row[] = [];
      // One batch is written while the next is read and checked: the database's work and ours
      // (parsing, validation, encryption) overlap. Never more than one batch in flight.
      let inflight: Promise<void> = Promise.resolve();
      let failure: { error: unknown } | null = null;
      const settle = async () => {
        await inflight;
        if (failure) throw failure.error;
      };
      const flush = async () => {
        await settle();
        if (batch.length === 0) return;
        const rows = batch;
        const done = report.rows;
        batch = [];
        // Nothing is written once a row was bad: the rest is only checked, to report every problem.
        const write = mode === 'import' && report.invalid === 0;
        inflight = (async () => {
          await applyBatch(ctx, db, rows, { write, fileName, privacyVersion: settings.privacyVersion, now }, report);
          if (progressId) await ctx.db.subscriberImport.update({ where: { id: progressId }, data: { rowsDone: done } });
        })().catch((error: unknown) => {
          failure = { error };
        });
      };
      const problem = (e: ImportRowError) => {
        report.invalid++;
        if (report.errors.length < IMPORT_ERRORS_LISTED) report.errors.push(e);
      };
      let header = true;
      try {
        for await (const { line, fields } of readCsvRows(input.file)) {
          if (header) {
            header = false;
            const cols = fields.map((f) => f.trim().toLowerCase());
            if (IMPORT_COLUMNS.some((c, i) => cols[i] !== c) || cols.length !== IMPORT_COLUMNS.length) {
              problem(riga(line, `l’intestazione deve essere esattamente: ${IMPORT_COLUMNS.join(',')}`));
              return;
            }
            continue;
          }
          report.rows++;
          const row = checkRow(line, fields, { bySlug, allTopics, now, seen });
          if (typeof row === 'string') problem(riga(line, row));
          else {
            batch.push(row);
            if (batch.length >= IMPORT_BATCH) await flush();
          }
        }
      } catch (e) {
        await inflight; // never leave a statement running on the transaction
        if (!(e instanceof CsvSyntaxError)) throw e;
        problem(riga(e.line, e.message));
        await settle();
        return;
      }
      if (header) problem(riga(1, 'il file è vuoto'));
      else if (report.rows === 0) problem(riga(1, 'il file non ha righe dopo l’intestazione'));
      await flush();
      await settle();
    };

    if (mode === 'preview') {
      await run(ctx.db);
      await finish('DONE');
      return report;
    }
    try {
      await ctx.db.$transaction(
        async (tx) => {
          // The table grows by the whole file inside this transaction, where the planner's statistics
          // cannot follow: the look-ups and the rollup triggers' joins would turn into scans of the
          // whole subscribers table per batch. Indexes keep every batch as fast as the first.
          await tx.$executeRawUnsafe(`SET LOCAL enable_seqscan = off`);
          await run(tx);
          if (report.invalid > 0) throw new Refused();
          const details = {
            source: fileName,
            rows: report.rows,
            imported: report.added,
            skipped: report.alreadyPresent + report.optedOut,
            alreadyPresent: report.alreadyPresent,
            optedOut: report.optedOut,
          };
          await recordAudit(ctx, tx, { actor, action: 'subscribers_import', details });
        },
        { timeout: 10 * 60 * 1000, maxWait: 10_000 },
      );
    } catch (e) {
      if (!(e instanceof Refused)) throw e;
      // Rolled back: what the report says would have been added was not.
      report.added = 0;
      await finish('REFUSED');
      return report;
    }
    report.written = true;
    await finish('DONE');
    return report;
  } catch (e) {
    await finish('FAILED').catch(() => undefined);
    throw e;
  }
}

function checkRow(line: number, fields: string[], k: { bySlug: Map<string, string>; allTopics: string[]; now: Date; seen: Map<string, number> }): Row | string {
  const [phoneRaw = '', first = '', last = '', topicText = '', consented = ''] = fields.map((f) => f.trim());
  const problems: string[] = [];
  if (fields.length !== IMPORT_COLUMNS.length) problems.push(`attese ${IMPORT_COLUMNS.length} colonne, trovate ${fields.length}`);
  const phone = normalisePhone(phoneRaw);
  if (!phone) problems.push(phoneRaw ? 'numero non valido (serve un cellulare, es. 333 123 4567 o +39 333 123 4567)' : 'numero mancante');
  for (const p of [nameProblem('nome', first), nameProblem('cognome', last)]) if (p) problems.push(p);
  const slugs = topicText
    .split(/[|;]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = slugs.filter((s) => !k.bySlug.has(s));
  if (unknown.length) problems.push(`argomenti sconosciuti: ${unknown.join(', ')} (quelli attivi: ${[...k.bySlug.keys()].join(', ')})`);
  const consentedAt = new Date(consented);
  if (!/^\d{4}-\d{2}-\d{2}/.test(consented) || Number.isNaN(consentedAt.getTime()) || consentedAt > k.now) {
    problems.push(`data del consenso «${consented.slice(0, 40)}» non valida: serve una data passata come 2025-03-01 o 2025-03-01T10:00:00Z`);
  }
  if (phone) {
    const before = k.seen.get(phone);
    if (before !== undefined) problems.push(`stesso numero della riga ${before}`);
    else k.seen.set(phone, line);
  }
  if (problems.length) return problems.join('; ');
  return {
    line,
    phone: phone!,
    firstName: first,
    lastName: last,
    topicIds: slugs.length ? [...new Set(slugs.map((s) => k.bySlug.get(s)!))] : k.allTopics,
    consentedAt,
  };
}

/**
 * One batch: one look-up of who is already there, then (when writing) one multi-row INSERT of the
 * subscribers, one DELETE of old topic rows for pending requests taken over, one INSERT of the
 * topic rows and one of the consent entries.
 */
async function applyBatch(
  ctx: AppContext,
  db: Db,
  rows: Row[],
  o: { write: boolean; fileName: string; privacyVersion: string; now: Date },
  report: ImportReport,
): Promise<void> {
  const hmacs = rows.map((r) => ctx.cipher.hmac(r.phone));
  const existing = await db.$queryRawUnsafe<{ h: string; status: string; left: boolean }[]>(
    `SELECT s.phone_hmac AS h, s.status::text AS status, s.unsubscribed_at IS NOT NULL AS left
       FROM unnest($1::text[]) AS u(h) JOIN subscribers s ON s.phone_hmac = u.h`,
    hmacs,
  );
  const known = new Map(existing.map((e) => [e.h, e]));
  const todo: number[] = [];
  rows.forEach((_, i) => {
    const e = known.get(hmacs[i]!);
    if (e?.status === 'ACTIVE') report.alreadyPresent++;
    else if (e?.left) report.optedOut++;
    else todo.push(i); // new, or a pending web request that the list now confirms
  });
  if (!o.write) {
    report.added += todo.length;
    return;
  }
  if (todo.length === 0) return;
  const at = o.now.toISOString();
  // Encryption is per row and CPU-bound: about 3 AES-GCM + 1 HMAC per person (docs/benchmarks.md).
  const written = await db.$queryRawUnsafe<{ id: string; h: string; inserted: boolean }[]>(
    `INSERT INTO subscribers (phone_hmac, phone_enc, first_name_enc, last_name_enc, status, source, confirmed_at, created_at, updated_at)
     SELECT h, p, f, l, 'ACTIVE', 'IMPORT', $5::timestamptz, $5::timestamptz, $5::timestamptz
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(h, p, f, l)
     ON CONFLICT (phone_hmac) DO UPDATE SET
       status = 'ACTIVE', source = 'IMPORT', phone_enc = EXCLUDED.phone_enc, first_name_enc = EXCLUDED.first_name_enc,
       last_name_enc = EXCLUDED.last_name_enc, confirmed_at = EXCLUDED.confirmed_at, confirmation_code = NULL,
       pending_topic_ids = '{}', pending_expires_at = NULL, awaiting_name = false, updated_at = EXCLUDED.updated_at
       WHERE subscribers.status <> 'ACTIVE' AND subscribers.unsubscribed_at IS NULL
     RETURNING id::text AS id, phone_hmac AS h, (xmax = 0) AS inserted`,
    todo.map((i) => hmacs[i]!),
    todo.map((i) => ctx.cipher.encrypt(rows[i]!.phone)),
    todo.map((i) => ctx.cipher.encrypt(rows[i]!.firstName)),
    todo.map((i) => ctx.cipher.encrypt(rows[i]!.lastName)),
    at,
  );
  // A row not returned was made active (or left) by someone else meanwhile: it is already there.
  report.alreadyPresent += todo.length - written.length;
  report.added += written.length;
  const byHmac = new Map(todo.map((i) => [hmacs[i]!, rows[i]!]));
  const taken = written.filter((w) => !w.inserted).map((w) => w.id);
  if (taken.length) await db.$executeRawUnsafe(`DELETE FROM subscriber_topics WHERE subscriber_id = ANY($1::uuid[])`, taken);
  const subs: string[] = [];
  const tops: string[] = [];
  const keys: string[] = [];
  const evidence: string[] = [];
  for (const w of written) {
    const r = byHmac.get(w.h)!;
    for (const t of r.topicIds) {
      subs.push(w.id);
      tops.push(t);
    }
    keys.push(w.h);
    evidence.push(`import ${o.fileName} line ${r.line}; consent given ${r.consentedAt.toISOString()}`);
  }
  if (written.length === 0) return;
  await db.$executeRawUnsafe(`INSERT INTO subscriber_topics (subscriber_id, topic_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, subs, tops);
  await db.$executeRawUnsafe(
    `INSERT INTO consent_events (phone_hmac, action, channel, privacy_version, evidence, created_at)
     SELECT h, 'OPT_IN', 'IMPORT', $3, e, $4::timestamptz FROM unnest($1::text[], $2::text[]) AS t(h, e)`,
    keys,
    evidence,
    o.privacyVersion,
    at,
  );
}
