import { getAppContext } from '@/lib/context';
import { postWithdraw } from '@/lib/api/handlers';

export const dynamic = 'force-dynamic';

/** POST /api/v1/alerts/:id/withdraw: withdraw a sent alert from the public archive and the feeds. */
export async function POST(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  return postWithdraw(getAppContext(), req, (await params).id);
}
