import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { CsvSyntaxError, parseCsv, type CsvRow } from './csv';
import { normalisePhone } from './phone';
import { webSubscriptionSchema } from './schema';

export const IMPORT_COLUMNS = ['phone', 'first_name', 'last_name', 'topics', 'consented_at'] as const;

export interface ImportProblem {
  line: number;
  message: string;
}

export interface ImportReport {
  imported: number;
  /** Already active, or people who had left: an old list must never re-subscribe someone who opted out. */
  skipped: ImportProblem[];
  errors: ImportProblem[];
}

interface Row {
  line: number;
  phone: string;
  firstName: string;
  lastName: string;
  topicIds: string[];
  consentedAt: Date;
}

/**
 * Imports an existing broadcast list (source IMPORT). Every row is validated first; if any row is
 * bad nothing is imported and every problem is reported with its line, so a half-imported file
 * never exists. The import itself is one transaction, audited with its counts and the file name
 * (`source`; never a number or a name).
 */
export async function importSubscribersCsv(
  ctx: AppContext,
  { actor, csv: text, source: fileName }: { actor: AnyActor; csv: string; source: string },
): Promise<ImportReport> {
  assertActor(actor, 'ADMIN');
  const report: ImportReport = { imported: 0, skipped: [], errors: [] };
  let rows: CsvRow[];
  try {
    rows = parseCsv(text);
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    report.errors.push({ line: e.line, message: e.message });
    return report;
  }
  const header = rows.shift();
  const cols = header?.fields.map((f) => f.trim().toLowerCase()) ?? [];
  if (IMPORT_COLUMNS.some((c, i) => cols[i] !== c)) {
    report.errors.push({ line: 1, message: `header must be exactly: ${IMPORT_COLUMNS.join(',')}` });
    return report;
  }
  const topics = await ctx.db.topic.findMany({ where: { active: true } });
  const bySlug = new Map(topics.map((t) => [t.slug, t.id]));
  const seen = new Map<string, number>();
  const valid: Row[] = [];
  for (const { line, fields } of rows) {
    const [phoneRaw = '', first = '', last = '', topicText = '', consented = ''] = fields.map((f) => f.trim());
    const problems: string[] = [];
    if (fields.length !== IMPORT_COLUMNS.length) problems.push(`expected ${IMPORT_COLUMNS.length} columns, found ${fields.length}`);
    const shape = webSubscriptionSchema.pick({ firstName: true, lastName: true }).safeParse({ firstName: first, lastName: last });
    if (!shape.success) problems.push(...shape.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`));
    const phone = normalisePhone(phoneRaw);
    if (!phone) problems.push(`phone "${phoneRaw.replace(/\d(?=\d{2})/g, '•')}" is not a valid mobile number`);
    const slugs = topicText
      .split(/[|;]/)
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = slugs.filter((s) => !bySlug.has(s));
    if (unknown.length) problems.push(`unknown topics: ${unknown.join(', ')} (known: ${[...bySlug.keys()].join(', ')})`);
    const consentedAt = new Date(consented);
    if (!/^\d{4}-\d{2}-\d{2}/.test(consented) || Number.isNaN(consentedAt.getTime()) || consentedAt > ctx.now()) {
      problems.push(`consented_at "${consented}" must be a past date such as 2025-03-01 or 2025-03-01T10:00:00Z`);
    }
    if (phone && seen.has(phone)) problems.push(`same phone as line ${seen.get(phone)}`);
    if (phone) seen.set(phone, line);
    if (problems.length) report.errors.push({ line, message: problems.join('; ') });
    else
      valid.push({
        line,
        phone: phone!,
        firstName: first,
        lastName: last,
        topicIds: slugs.length ? slugs.map((s) => bySlug.get(s)!) : topics.map((t) => t.id),
        consentedAt,
      });
  }
  if (rows.length === 0) report.errors.push({ line: 1, message: 'the file has no rows' });
  if (report.errors.length > 0) return report;

  const settings = await loadSettings(ctx.db);
  await ctx.db.$transaction(
    async (tx) => {
      for (const r of valid) {
        const phoneHmac = ctx.cipher.hmac(r.phone);
        const existing = await tx.subscriber.findUnique({ where: { phoneHmac }, select: { id: true, status: true, unsubscribedAt: true } });
        if (existing?.status === 'ACTIVE') {
          report.skipped.push({ line: r.line, message: 'already subscribed' });
          continue;
        }
        if (existing?.unsubscribedAt) {
          report.skipped.push({ line: r.line, message: `left the service on ${existing.unsubscribedAt.toISOString().slice(0, 10)}: not re-subscribed` });
          continue;
        }
        const data = {
          status: 'ACTIVE' as const,
          source: 'IMPORT' as const,
          phoneEnc: ctx.cipher.encrypt(r.phone),
          firstNameEnc: ctx.cipher.encrypt(r.firstName),
          lastNameEnc: ctx.cipher.encrypt(r.lastName),
          confirmedAt: ctx.now(),
          confirmationCode: null,
          pendingTopicIds: [],
          pendingExpiresAt: null,
          awaitingName: false,
        };
        const s = existing ? await tx.subscriber.update({ where: { id: existing.id }, data }) : await tx.subscriber.create({ data: { ...data, phoneHmac } });
        await tx.subscriberTopic.deleteMany({ where: { subscriberId: s.id } });
        await tx.subscriberTopic.createMany({ data: r.topicIds.map((topicId) => ({ subscriberId: s.id, topicId })) });
        await tx.consentEvent.create({
          data: {
            phoneHmac,
            action: 'OPT_IN',
            channel: 'IMPORT',
            privacyVersion: settings.privacyVersion,
            evidence: `import ${fileName} line ${r.line}; consent given ${r.consentedAt.toISOString()}`,
            createdAt: ctx.now(),
          },
        });
        report.imported++;
      }
      const details = { source: fileName, rows: valid.length, imported: report.imported, skipped: report.skipped.length };
      await recordAudit(ctx, tx, { actor, action: 'subscribers_import', details });
    },
    { timeout: 10 * 60 * 1000 },
  );
  return report;
}
