import { getAppContext } from '@/lib/context';
import { postAlert } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** POST /api/v1/alerts (lib/api/handlers.ts: key, body, same schema as the dashboard form). */
export async function POST(req: Request): Promise<Response> {
  return postAlert(getAppContext(), req);
}
