import { getAppContext } from '@/lib/context';
import { getTopics } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** GET /api/v1/topics: the active topics (slug, name, description) in their order. */
export async function GET(req: Request): Promise<Response> {
  return getTopics(getAppContext(), req);
}
