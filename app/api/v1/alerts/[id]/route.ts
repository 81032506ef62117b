import { getAppContext } from '@/lib/context';
import { getAlertStatus } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** GET /api/v1/alerts/:id: status and delivery counts by state. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return getAlertStatus(getAppContext(), req, (await params).id);
}
