import { getAppContext } from '@/lib/context';
import { getOpenApi } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** GET /api/v1/openapi.json: the OpenAPI 3.1 description (public). */
export async function GET(): Promise<Response> {
  return getOpenApi(getAppContext());
}
