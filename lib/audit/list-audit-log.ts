import { z } from 'zod';
import type { AppContext } from '../context';
import { assertRole, type Actor } from '../access/roles';
import type { Prisma } from '../generated/prisma/client';
import { addDays, romeDayStart } from '../time/rome-days';

/** Filters of the audit log page (query string); dates are calendar days in Europe/Rome, both inclusive. */
export const auditFilterSchema = z.object({
  azione: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
  utente: z.string().trim().max(254).optional().catch(undefined),
  dal: z.iso.date().optional().catch(undefined),
  al: z.iso.date().optional().catch(undefined),
  pagina: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const AUDIT_PAGE_SIZE = 50;

export interface AuditRow {
  id: string;
  at: Date;
  actorEmail: string | null;
  action: string;
  target: string | null;
  details: unknown;
}

/** The page's filters as a query (the CSV export uses the same). */
export function auditWhere(filter: Omit<AuditFilter, 'pagina'>): Prisma.AuditLogWhereInput {
  const where: Prisma.AuditLogWhereInput = {};
  if (filter.azione) where.action = filter.azione;
  if (filter.utente) where.actorEmail = { contains: filter.utente.toLowerCase(), mode: 'insensitive' };
  if (filter.dal || filter.al) {
    where.at = {
      ...(filter.dal ? { gte: romeDayStart(filter.dal) } : {}),
      ...(filter.al ? { lt: romeDayStart(addDays(filter.al, 1)) } : {}),
    };
  }
  return where;
}

export async function listAuditLog(
  ctx: AppContext,
  { actor, ...filter }: { actor: Actor } & AuditFilter,
): Promise<{ rows: AuditRow[]; total: number; pages: number }> {
  assertRole(actor, 'ADMIN');
  const where = auditWhere(filter);
  const [total, rows] = await Promise.all([
    ctx.db.auditLog.count({ where }),
    ctx.db.auditLog.findMany({ where, orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (filter.pagina - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
  ]);
  return {
    total,
    pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)),
    rows: rows.map((r) => ({ id: r.id.toString(), at: r.at, actorEmail: r.actorEmail, action: r.action, target: r.target, details: r.details })),
  };
}

/** The distinct actions present, for the filter's select. */
export async function auditActions(ctx: AppContext, { actor }: { actor: Actor }): Promise<string[]> {
  assertRole(actor, 'ADMIN');
  const rows = await ctx.db.auditLog.groupBy({ by: ['action'], orderBy: { action: 'asc' } });
  return rows.map((r) => r.action);
}
