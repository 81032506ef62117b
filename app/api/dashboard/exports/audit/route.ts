import { exportResponse } from '@/components/dashboard/export-response';
import { exportAuditLogCsv } from '@/lib/audit/export-audit-log-csv';
import { auditFilterSchema } from '@/lib/audit/list-audit-log';
import { requireStaffForRoute } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';

export const dynamic = 'force-dynamic';

/** CSV of the audit log with the page's filters (?azione, utente, dal, al); admins only. */
export async function GET(req: Request): Promise<Response> {
  const actor = await requireStaffForRoute(req, 'ADMIN');
  if (actor instanceof Response) return actor;
  const f = auditFilterSchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return exportResponse(() => exportAuditLogCsv(getAppContext(), { actor, azione: f.azione, utente: f.utente, dal: f.dal, al: f.al }));
}
