import { getAppContext } from '@/lib/context';
import { getZones } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** GET /api/v1/zones: the active zones (slug, name, kind, description) in their order. */
export async function GET(req: Request): Promise<Response> {
  return getZones(getAppContext(), req);
}
