/**
 * next-auth 4 configuration (Next-only glue; the decisions are in the lib/auth use cases).
 * - Credentials provider: email + password (+ code), for clients that post to next-auth's own
 *   endpoint. The dashboard's login form does not: it calls the same use cases from a server
 *   action and writes the same cookie (see README.md in this folder for why).
 * - OpenID Connect provider when OIDC_* is configured: binds an existing staff user (found by a
 *   verified email) to issuer + subject at the first login; later logins match the binding.
 * - JWT strategy; the token only carries {sub, sid, sv}. Every request re-checks them in the
 *   database (lib/auth/session-check.ts), so the JWT alone never authorises anything.
 */
import type { AuthOptions, User } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { headers } from 'next/headers';
import { getAppContext } from '../context';
import { exportNextAuthEnv, getEnv, type OidcConfig } from '../env';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { loginWithPassword } from './login-password';
import type { LoggedIn } from './login-result';
import { logoutStaff } from './logout';
import { loginWithOidc } from './oidc';
import { safeNextPath } from './route-guard';
import { checkSession } from './session-check';
import { parseClaims, SESSION_MAX_AGE_S, sessionTokenConfig } from './session-token';

export const OIDC_PROVIDER_ID = 'oidc';

/** Carried from signIn to jwt on the same object (next-auth passes the one `user` to both). */
type UserWithLogin = User & { login?: LoggedIn };

function oidcProvider(cfg: OidcConfig): OAuthConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: cfg.name,
    type: 'oauth',
    wellKnown: `${cfg.issuer}/.well-known/openid-configuration`,
    clientId: cfg.clientId,
    clientSecret: cfg.clientSecret,
    authorization: { params: { scope: 'openid email profile' } },
    idToken: true,
    checks: ['pkce', 'state', 'nonce'],
    profile: (p) => ({ id: String(p.sub), email: typeof p.email === 'string' ? p.email : null, name: typeof p.name === 'string' ? p.name : null }),
  };
}

async function userAgentFromRequest(): Promise<string | null> {
  try {
    return (await headers()).get('user-agent');
  } catch {
    return null;
  }
}

async function ipFromRequest(): Promise<string | null> {
  try {
    return (await headers()).get(CLIENT_IP_HEADER);
  } catch {
    return null;
  }
}

let cached: AuthOptions | undefined;

export function getAuthOptions(): AuthOptions {
  if (cached) return cached;
  const env = getEnv();
  exportNextAuthEnv(env);
  const ctx = getAppContext();
  const cfg = sessionTokenConfig(env);
  const loginUrl = `${env.publicUrl}/accedi`;
  cached = {
    secret: env.authSecret,
    useSecureCookies: cfg.secure,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: '/accedi', error: '/accedi', signOut: '/accedi' },
    providers: [
      CredentialsProvider({
        id: 'credentials',
        name: 'Email e password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          code: { label: 'Codice di verifica', type: 'text' },
        },
        async authorize(credentials, req) {
          const ip = (req.headers?.[CLIENT_IP_HEADER] as string | undefined) ?? null;
          const r = await loginWithPassword(ctx, {
            email: credentials?.email ?? '',
            password: credentials?.password ?? '',
            code: credentials?.code || undefined,
            ip,
            userAgent: (req.headers?.['user-agent'] as string | undefined) ?? null,
          });
          // The reason becomes ?error=<reason> on /accedi, which shows it in Italian.
          if (!r.ok) throw new Error(r.reason);
          return { id: r.userId, login: r } as UserWithLogin;
        },
      }),
      ...(env.oidc ? [oidcProvider(env.oidc)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider === 'credentials') return true;
        if (account?.provider !== OIDC_PROVIDER_ID) return false;
        const r = await loginWithOidc(
          ctx,
          (profile ?? {}) as Record<string, unknown>,
          await ipFromRequest(),
          env.oidc?.issuer ?? '',
          await userAgentFromRequest(),
        );
        if (!r.ok) return `${loginUrl}?errore=sso`;
        (user as UserWithLogin).login = r;
        return true;
      },
      async jwt({ token, user }) {
        const login = (user as UserWithLogin | undefined)?.login;
        if (login) return { sub: login.userId, sid: login.sessionId, sv: login.sessionVersion };
        return token;
      },
      async session({ session, token }) {
        // The JSON at /api/auth/session tells only whether the session is still good, and who.
        const r = await checkSession(ctx, parseClaims(token));
        // An empty object reads as "signed out" to next-auth's client and getServerSession.
        return r.ok ? { ...session, user: { name: r.session.actor.name, email: r.session.actor.email } } : ({} as typeof session);
      },
      redirect({ url, baseUrl }) {
        const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) : url;
        return path.startsWith('/accedi') ? `${baseUrl}${path}` : `${baseUrl}${safeNextPath(path)}`;
      },
    },
    events: {
      async signOut({ token }) {
        const r = await checkSession(ctx, parseClaims(token));
        if (r.ok) await logoutStaff(ctx, { actor: r.session.actor, ip: await ipFromRequest() });
      },
    },
    logger: {
      error: (code, metadata) =>
        ctx.log.error('next-auth error', { code, error: metadata instanceof Error ? metadata : (metadata as { error?: unknown }).error }),
      warn: (code) => ctx.log.warn('next-auth warning', { code }),
      debug: () => {},
    },
  };
  return cached;
}
