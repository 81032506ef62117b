import type { AppContext } from '../context';
import { isAppError } from '../errors';
import type { Role } from '../access/roles';
import { authoriseStaff, type ActiveSession, type AuthoriseOptions } from './session-check';
import { readSessionToken, sessionTokenFromCookieHeader, type SessionTokenConfig } from './session-token';

/**
 * Route handlers get plain Responses instead of redirects: 401 without a valid session, 403 with
 * too low a role. Only the session cookie counts; no header (x-middleware-subrequest included) can
 * stand in for it. Free of next/* so it is tested over real HTTP without Next.
 */
export async function checkStaffRequest(
  ctx: Pick<AppContext, 'db' | 'now'>,
  cfg: SessionTokenConfig,
  req: Request,
  min: Role = 'VIEWER',
  opts: AuthoriseOptions = {},
): Promise<ActiveSession | Response> {
  const claims = await readSessionToken(cfg, sessionTokenFromCookieHeader(cfg, req.headers.get('cookie')));
  try {
    return await authoriseStaff(ctx, claims, min, opts);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return Response.json(
      { error: { code: e.code, message: e.userMessage } },
      { status: e.httpStatus, headers: { 'cache-control': 'no-store', ...(e.code === 'unauthenticated' ? { 'www-authenticate': 'Session' } : {}) } },
    );
  }
}

/** Only paths inside the dashboard are valid targets after login (no open redirect). */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/dashboard';
  const path = next.split(/[?#]/)[0] ?? '';
  return path === '/dashboard' || path.startsWith('/dashboard/') ? next : '/dashboard';
}
