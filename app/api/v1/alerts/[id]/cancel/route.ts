import { getAppContext } from '@/lib/context';
import { postCancelAlert } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** POST /api/v1/alerts/:id/cancel: cancel an alert not started yet, or stop one that is going out. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return postCancelAlert(getAppContext(), req, (await params).id);
}
