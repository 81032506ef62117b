/**
 * Starts the OpenID Connect login from a plain link (no JavaScript): next-auth 4 only starts an
 * OAuth flow on a POST with its CSRF token, which a server-rendered page cannot prepare (it
 * cannot set the CSRF cookie). So this runs next-auth's own handler twice in-process — "csrf" to
 * get a token and its cookie, then "signin/oidc" with both — and returns its redirect to the
 * identity provider with every cookie it set (CSRF, state, PKCE, nonce). Starting a login is not
 * a state change an attacker could abuse; the callback still checks state, PKCE and nonce.
 * Next-only glue.
 */
import NextAuth from 'next-auth';
import { getEnv } from '../env';
import { getAuthOptions, OIDC_PROVIDER_ID } from './next-auth-options';
import { safeNextPath } from './route-guard';

interface Captured {
  status: number;
  headers: Map<string, string | string[]>;
  body: unknown;
}

function captureResponse() {
  const out: Captured = { status: 200, headers: new Map(), body: undefined };
  const res = {
    status(n: number) {
      out.status = n;
      return res;
    },
    setHeader(k: string, v: string | string[]) {
      out.headers.set(k.toLowerCase(), v);
      return res;
    },
    getHeader: (k: string) => out.headers.get(k.toLowerCase()),
    end() {},
    json(b: unknown) {
      out.body = b;
    },
    send(b: unknown) {
      out.body = b;
    },
  };
  return { res, out };
}

const setCookies = (c: Captured): string[] => {
  const v = c.headers.get('set-cookie');
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

type ApiHandler = (req: unknown, res: unknown) => Promise<unknown>;

export async function startOidcLogin(req: Request, next: string | null): Promise<Response> {
  const env = getEnv();
  if (!env.oidc) return Response.redirect(`${env.publicUrl}/accedi`, 303);
  const handler = NextAuth(getAuthOptions()) as unknown as ApiHandler;
  const headers = Object.fromEntries(req.headers);

  const csrf = captureResponse();
  await handler({ query: { nextauth: ['csrf'] }, method: 'GET', headers, cookies: {}, body: {} }, csrf.res);
  const token = (csrf.out.body as { csrfToken?: string } | undefined)?.csrfToken;
  const cookie = setCookies(csrf.out)
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.includes('next-auth.csrf-token='));
  if (!token || !cookie) throw new Error('next-auth did not issue a CSRF token');
  const [name, value] = [cookie.slice(0, cookie.indexOf('=')), decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1))];

  const signin = captureResponse();
  await handler(
    {
      query: { nextauth: ['signin', OIDC_PROVIDER_ID] },
      method: 'POST',
      headers,
      cookies: { [name]: value },
      body: { csrfToken: token, callbackUrl: `${env.publicUrl}${safeNextPath(next)}` },
    },
    signin.res,
  );
  const location = signin.out.headers.get('location');
  if (typeof location !== 'string') throw new Error('next-auth did not redirect to the identity provider');
  const response = new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store' } });
  for (const c of [...setCookies(csrf.out), ...setCookies(signin.out)]) response.headers.append('set-cookie', c);
  return response;
}
