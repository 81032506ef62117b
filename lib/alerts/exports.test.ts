import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../access/roles';
import { exportAuditLogCsv } from '../audit/export-audit-log-csv';
import { recordAudit } from '../audit/record';
import { isAppError } from '../errors';
import { CSV_BOM } from '../http/csv';
import { exportStatsCsv, STATS_CSV_HEADER } from '../stats/export-stats-csv';
import { join } from '../stats/test-support';
import { addSubscribers, staffActor, testNumber } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createAlert } from './create-alert';
import { exportAlertReportCsv, REPORT_CSV_HEADER } from './export-alert-report-csv';
import { sendAlertNow } from './send-alert-now';
import { approveTemplates, composeInput, launch } from './test-fixtures';

let ctx: TestContext;
let viewer: Actor;
let editor: Actor;
let admin: Actor;
let sentId: string;
let draftId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.clock.set('2026-12-02T09:00:00Z');
  [viewer, editor, admin] = [await staffActor(ctx, 'VIEWER'), await staffActor(ctx, 'EDITOR'), await staffActor(ctx, 'ADMIN')];
  await approveTemplates(ctx);
  await launch(ctx);
  const subscribers = await addSubscribers(ctx, 3, ['viabilita']);
  sentId = (await createAlert(ctx, { actor: editor, input: composeInput({ title: '=HYPERLINK("http://x.example";"clic")' }) })).id;
  await sendAlertNow(ctx, { actor: editor, alertId: sentId });
  await ctx.db.delivery.updateMany({ where: { alertId: sentId, subscriberId: subscribers[0] }, data: { status: 'DELIVERED' } });
  await ctx.db.delivery.updateMany({ where: { alertId: sentId, subscriberId: subscribers[1] }, data: { status: 'FAILED', errorCode: 131026 } });
  draftId = (await createAlert(ctx, { actor: editor, input: composeInput({ title: 'Bozza riservata' }) })).id;
});
afterAll(async () => ctx.close());

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (isAppError(e) ? e.code : Promise.reject(e)),
  );
const lines = (csv: string) => csv.slice(CSV_BOM.length).split('\r\n').slice(0, -1);
const exportsAudited = (target: string) => ctx.db.auditLog.count({ where: { action: 'export', target } });

describe('delivery report CSV', () => {
  it('holds counts by state and reason, no recipient at all, the title made inert', async () => {
    const r = await exportAlertReportCsv(ctx, { actor: viewer, alertId: sentId });
    expect(r.csv.startsWith(CSV_BOM)).toBe(true);
    const rows = lines(r.csv);
    expect(rows[0]).toBe(REPORT_CSV_HEADER.join(';'));
    expect(rows).toContain(`Avviso;Titolo;;"'=HYPERLINK(""http://x.example"";""clic"")"`);
    expect(rows).toContain('Avviso;Destinatari;;3');
    expect(rows).toContain('Stato delle consegne;Consegnato;delivered;1');
    expect(rows).toContain('Stato delle consegne;Non consegnato;failed;1');
    expect(rows).toContain('Stato delle consegne;In coda;queued;1');
    expect(rows).toContain('Non consegnati per motivo;Numero non raggiungibile su WhatsApp;131026;1');
    expect(rows.some((l) => l.startsWith('Cancellazioni nelle 24 ore dopo l’invio;Totale;;'))).toBe(true);
    // Privacy by design: no number (clear, masked or hashed), no subscriber id in the file.
    const subscribers = await ctx.db.subscriber.findMany({ select: { id: true, phoneHmac: true } });
    for (const s of subscribers) {
      expect(r.csv).not.toContain(s.id);
      expect(r.csv).not.toContain(s.phoneHmac);
    }
    expect(r.csv).not.toMatch(/\+?39\s?3\d{2}|\*{3}/);
    expect(r.filename).toMatch(/^rapporto-avviso-[0-9a-f]{8}\.csv$/);
  });

  it('is for whoever may read the report: viewers only for sent alerts; each export audited', async () => {
    const before = await exportsAudited(`alert:${sentId}`);
    expect(await code(exportAlertReportCsv(ctx, { actor: editor, alertId: sentId }))).toBe('ok');
    expect(await code(exportAlertReportCsv(ctx, { actor: admin, alertId: draftId }))).toBe('ok');
    expect(await code(exportAlertReportCsv(ctx, { actor: viewer, alertId: draftId }))).toBe('not_found');
    expect(await code(exportAlertReportCsv(ctx, { actor: viewer, alertId: '00000000-0000-4000-8000-000000000000' }))).toBe('not_found');
    expect(await code(exportAlertReportCsv(ctx, { actor: null as unknown as Actor, alertId: sentId }))).toBe('unauthenticated');
    expect(await exportsAudited(`alert:${sentId}`)).toBe(before + 1);
    expect(await exportsAudited(`alert:${draftId}`)).toBe(1);
    const last = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'export', target: `alert:${sentId}` }, orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ actorEmail: (editor as { email: string }).email, details: { kind: 'alert_report' } });
  });
});

describe('statistics CSV', () => {
  it('has one row per day with the daily figures, for every role, audited', async () => {
    ctx.clock.set('2026-12-01T10:00:00Z');
    await join(ctx, testNumber(9001));
    await join(ctx, testNumber(9002));
    ctx.clock.set('2026-12-02T09:00:00Z');
    const r = await exportStatsCsv(ctx, { actor: viewer, days: 30 });
    const rows = lines(r.csv);
    expect(rows[0]).toBe(STATS_CSV_HEADER.join(';'));
    expect(rows).toHaveLength(31);
    expect(rows[1]!.startsWith('2026-11-03;')).toBe(true);
    expect(rows.at(-1)!.startsWith('2026-12-02;')).toBe(true);
    expect(rows.find((l) => l.startsWith('2026-12-01;'))).toMatch(/^2026-12-01;2;0;\d+;0$/);
    expect(r.filename).toBe('statistiche-2026-11-03-2026-12-02.csv');
    expect(await code(exportStatsCsv(ctx, { actor: null as unknown as Actor, days: 30 }))).toBe('unauthenticated');
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'export', target: 'statistics' }, orderBy: { id: 'desc' } });
    expect(audit.details).toEqual({ kind: 'statistics', from: '2026-11-03', to: '2026-12-02', rows: 30 });
  });
});

describe('audit log CSV', () => {
  it('is for admins only, with the page filters, and audits itself', async () => {
    expect(await code(exportAuditLogCsv(ctx, { actor: viewer }))).toBe('forbidden');
    expect(await code(exportAuditLogCsv(ctx, { actor: editor }))).toBe('forbidden');
    await recordAudit(ctx, ctx.db, { actor: admin, action: 'settings_change', target: '+SUM(A1:A9)', details: { key: 'serviceName', value: '@SUM(1)' } });
    const all = await exportAuditLogCsv(ctx, { actor: admin });
    const rows = lines(all.csv);
    expect(rows[0]).toBe('Data e ora (Roma);Chi;Azione;Oggetto;Dettagli');
    expect(rows.length - 1).toBe(all.rows);
    // Newest first; the target and JSON details cannot run as formulas.
    expect(rows[1]).toBe(
      `2026-12-02 10:00;${(admin as { email: string }).email};settings_change;'+SUM(A1:A9);"{""key"":""serviceName"",""value"":""@SUM(1)""}"`,
    );
    const filtered = await exportAuditLogCsv(ctx, { actor: admin, azione: 'alert_send' });
    expect(
      lines(filtered.csv)
        .slice(1)
        .every((l) => l.split(';')[2] === 'alert_send'),
    ).toBe(true);
    expect(filtered.rows).toBe(1);
    const none = await exportAuditLogCsv(ctx, { actor: admin, dal: '2026-12-03' });
    expect(none.rows).toBe(0);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'export', target: 'audit_log' }, orderBy: { id: 'desc' } });
    expect(audit.details).toEqual({ kind: 'audit_log', filter: { dal: '2026-12-03' }, rows: 0 });
  });
});
