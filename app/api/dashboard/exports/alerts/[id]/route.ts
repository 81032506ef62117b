import { exportResponse } from '@/components/dashboard/export-response';
import { exportAlertReportCsv } from '@/lib/alerts/export-alert-report-csv';
import { requireStaffForRoute } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';

export const dynamic = 'force-dynamic';

/** CSV of an alert's delivery report (counts only, no recipients); whoever may read the report. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const actor = await requireStaffForRoute(req, 'VIEWER');
  if (actor instanceof Response) return actor;
  const { id } = await params;
  return exportResponse(() => exportAlertReportCsv(getAppContext(), { actor, alertId: id }));
}
