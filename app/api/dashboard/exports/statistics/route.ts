import { exportResponse } from '@/components/dashboard/export-response';
import { requireStaffForRoute } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { exportStatsCsv } from '@/lib/stats/export-stats-csv';

export const dynamic = 'force-dynamic';

/** CSV of the statistics page's daily series (?giorni=30|90, as the page); every staff role. */
export async function GET(req: Request): Promise<Response> {
  const actor = await requireStaffForRoute(req, 'VIEWER');
  if (actor instanceof Response) return actor;
  const days = new URL(req.url).searchParams.get('giorni') === '90' ? 90 : 30;
  return exportResponse(() => exportStatsCsv(getAppContext(), { actor, days }));
}
