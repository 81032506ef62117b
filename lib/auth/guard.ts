/**
 * Next.js glue for staff authorisation (pages, server actions, route handlers). Next-only: the
 * worker never loads it. The decisions live in ./session-check.ts; this file reads the cookie and
 * turns refusals into a redirect to /accedi, a 403 page (forbidden.tsx) or a 401/403 response.
 * Every page, action and route calls it itself: layouts and the proxy are never trusted alone.
 */
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getAppContext } from '../context';
import { getEnv } from '../env';
import { isAppError } from '../errors';
import { CLIENT_IP_HEADER, REQUEST_PATH_HEADER } from '../http/client-ip';
import type { Role } from '../access/roles';
import { checkStaffRequest, safeNextPath } from './route-guard';
import { authoriseStaff, checkSession, type ActiveSession, type AuthoriseOptions, type StaffActor } from './session-check';
import { mintSessionToken, readSessionToken, SESSION_MAX_AGE_S, sessionCookieName, sessionTokenConfig, type SessionClaims } from './session-token';

export const TOTP_SETUP_PATH = '/dashboard/profilo/due-passaggi';
/** Where a temporary password is changed (the profile page shows only that form then). */
export const PASSWORD_CHANGE_PATH = '/dashboard/profilo';

async function currentClaims(): Promise<SessionClaims | null> {
  const cfg = sessionTokenConfig(getEnv());
  return readSessionToken(cfg, (await cookies()).get(sessionCookieName(cfg))?.value);
}

async function loginRedirectTarget(): Promise<string> {
  const path = (await headers()).get(REQUEST_PATH_HEADER);
  return `/accedi?next=${encodeURIComponent(safeNextPath(path))}`;
}

/** The session behind this request, with role and TOTP checks (see requireStaff). */
export async function requireStaffSession(min: Role = 'VIEWER', opts: AuthoriseOptions = {}): Promise<ActiveSession> {
  try {
    return await authoriseStaff(getAppContext(), await currentClaims(), min, opts);
  } catch (e) {
    if (!isAppError(e)) throw e;
    if (e.code === 'unauthenticated') redirect(await loginRedirectTarget());
    if (e.details?.passwordChangeRequired) redirect(PASSWORD_CHANGE_PATH);
    if (e.details?.totpSetupRequired) redirect(TOTP_SETUP_PATH);
    forbidden();
  }
}

/**
 * For pages and server actions: the staff member making this request, re-loaded from the database.
 * Not signed in (or session ended, timed out, user disabled) -> redirect to /accedi?next=…;
 * role below `min` -> the 403 page; temporary password -> the profile page to change it;
 * mandatory TOTP not set up yet -> the set-up page.
 */
export async function requireStaff(min: Role = 'VIEWER', opts: AuthoriseOptions = {}): Promise<StaffActor> {
  return (await requireStaffSession(min, opts)).actor;
}

/** For the shell (layout): who is signed in, or null. Never a substitute for requireStaff. */
export async function currentStaffSession(): Promise<ActiveSession | null> {
  const r = await checkSession(getAppContext(), await currentClaims());
  return r.ok ? r.session : null;
}

/** For route handlers: the actor, or a 401/403 JSON Response to return as is. */
export async function requireStaffForRoute(req: Request, min: Role = 'VIEWER', opts: AuthoriseOptions = {}): Promise<StaffActor | Response> {
  const r = await checkStaffRequest(getAppContext(), sessionTokenConfig(getEnv()), req, min, opts);
  return r instanceof Response ? r : r.actor;
}

/** The client IP our server put on the request (rate limits, audit). */
export async function requestIp(): Promise<string | null> {
  return (await headers()).get(CLIENT_IP_HEADER);
}

/** Writes next-auth's session cookie for a session we opened (form login, password change). */
export async function setSessionCookie(claims: SessionClaims): Promise<void> {
  const cfg = sessionTokenConfig(getEnv());
  (await cookies()).set(sessionCookieName(cfg), await mintSessionToken(cfg, claims), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: cfg.secure,
    maxAge: SESSION_MAX_AGE_S,
  });
}

export async function clearSessionCookie(): Promise<void> {
  const cfg = sessionTokenConfig(getEnv());
  (await cookies()).delete({ name: sessionCookieName(cfg), path: '/' });
}
