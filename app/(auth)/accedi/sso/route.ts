import { startOidcLogin } from '@/lib/auth/oidc-start';

export const dynamic = 'force-dynamic';

/** GET /accedi/sso?next=…: off to the comune's identity provider (see lib/auth/oidc-start.ts). */
export async function GET(req: Request): Promise<Response> {
  return startOidcLogin(req, new URL(req.url).searchParams.get('next'));
}
