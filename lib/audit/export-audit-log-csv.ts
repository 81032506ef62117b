import { assertRole, type Actor } from '../access/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { toCsv } from '../http/csv';
import { auditWhere, type AuditFilter } from './list-audit-log';
import { recordAudit } from './record';

export const AUDIT_CSV_HEADER = ['Data e ora (Roma)', 'Chi', 'Azione', 'Oggetto', 'Dettagli'] as const;
/** A year of a busy comune is far below this; beyond it, narrow the dates rather than build a huge file in memory. */
export const AUDIT_CSV_MAX_ROWS = 100_000;

/**
 * The audit log as CSV, with the page's filters (action, person, days), newest first. Admins only
 * (like the page). The details are exported as they are stored: recordAudit never puts a phone
 * number or a name there; the IP is stored only as a keyed hash and is not exported. The export
 * itself is audited (after the rows are read, so it is not in its own file).
 */
export async function exportAuditLogCsv(
  ctx: AppContext,
  { actor, ...filter }: { actor: Actor } & Omit<AuditFilter, 'pagina'>,
): Promise<{ filename: string; csv: string; rows: number }> {
  assertRole(actor, 'ADMIN');
  const where = auditWhere(filter);
  const total = await ctx.db.auditLog.count({ where });
  if (total > AUDIT_CSV_MAX_ROWS) {
    throw new AppError('invalid_input', `Troppe righe da esportare (${total}): restringi il periodo con le date, al massimo ${AUDIT_CSV_MAX_ROWS} righe.`);
  }
  const rows = await ctx.db.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }] });
  const csv = toCsv(
    AUDIT_CSV_HEADER,
    rows.map((r) => [r.at, r.actorEmail, r.action, r.target, r.details === null || r.details === undefined ? '' : JSON.stringify(r.details)]),
  );
  const used = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''));
  await recordAudit(ctx, ctx.db, { actor, action: 'export', target: 'audit_log', details: { kind: 'audit_log', filter: used, rows: rows.length } });
  return { filename: `registro-attivita-${ctx.now().toISOString().slice(0, 10)}.csv`, csv, rows: rows.length };
}
