import { toDeliveryJson } from '@/components/dashboard/alerts/delivery-json';
import { getAlertReport } from '@/lib/alerts/get-alert-report';
import { requireStaffForRoute } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The live progress bar's data (polled about once a second by the alert page). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const actor = await requireStaffForRoute(req, 'VIEWER');
  if (actor instanceof Response) return actor;
  const { id } = await params;
  const ctx = getAppContext();
  try {
    const report = await getAlertReport(ctx, { actor, alertId: id });
    return Response.json(toDeliveryJson(report, ctx.now()), { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (!isAppError(e)) throw e;
    return Response.json({ error: { code: e.code, message: e.userMessage } }, { status: e.httpStatus, headers: { 'cache-control': 'no-store' } });
  }
}
