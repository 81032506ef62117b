import { requireStaffForRoute } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { getImportProgress } from '@/lib/subscribers/get-import-progress';

export const dynamic = 'force-dynamic';

/** The import page's progress bar (polled while an import runs); admins only. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const actor = await requireStaffForRoute(req, 'ADMIN');
  if (actor instanceof Response) return actor;
  const { id } = await params;
  try {
    return Response.json(await getImportProgress(getAppContext(), { actor, importId: id }), { headers: { 'cache-control': 'no-store' } });
  } catch (e) {
    if (!isAppError(e)) throw e;
    return Response.json({ error: { code: e.code, message: e.userMessage } }, { status: e.httpStatus, headers: { 'cache-control': 'no-store' } });
  }
}
