import { getAppContext } from '@/lib/context';
import { postCorrection } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** POST /api/v1/alerts/:id/correction: send a correction to whoever received the alert. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return postCorrection(getAppContext(), req, (await params).id);
}
