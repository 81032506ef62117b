import { getAppContext } from '@/lib/context';
import { getStats } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** GET /api/v1/stats?from=&to= | ?days=: subscribers by status, opt-ins and opt-outs per day. */
export async function GET(req: Request): Promise<Response> {
  return getStats(getAppContext(), req);
}
