import { decode, encode } from 'next-auth/jwt';
import { z } from 'zod';
import type { Env } from '../env';
import { SESSION_ABSOLUTE_MS } from './policy';

/**
 * The session cookie is next-auth's own (same name, same encrypted JWT, same secret), whichever way
 * the user signed in: the credentials form (lib/auth/login-*.ts through our server action), the
 * next-auth credentials endpoint, or OpenID Connect. It only names the session; what the user may
 * do is decided from the database on every request (lib/auth/session-check.ts).
 */
export interface SessionClaims {
  /** staff_users.id */
  sub: string;
  /** staff_sessions.id */
  sid: string;
  /** staff_users.session_version when the session started. */
  sv: number;
}

export interface SessionTokenConfig {
  secret: string;
  /** https: the cookie gets the __Secure- prefix and the Secure flag, as next-auth does. */
  secure: boolean;
}

export const SESSION_MAX_AGE_S = SESSION_ABSOLUTE_MS / 1000;

export function sessionTokenConfig(env: Pick<Env, 'authSecret' | 'publicUrl'>): SessionTokenConfig {
  return { secret: env.authSecret, secure: env.publicUrl.startsWith('https://') };
}

export function sessionCookieName(cfg: Pick<SessionTokenConfig, 'secure'>): string {
  return `${cfg.secure ? '__Secure-' : ''}next-auth.session-token`;
}

const claimsSchema = z.object({ sub: z.uuid(), sid: z.uuid(), sv: z.number().int().min(0) });

export function parseClaims(token: unknown): SessionClaims | null {
  const r = claimsSchema.safeParse(token);
  return r.success ? r.data : null;
}

export async function mintSessionToken(cfg: SessionTokenConfig, claims: SessionClaims): Promise<string> {
  return encode({ token: { sub: claims.sub, sid: claims.sid, sv: claims.sv }, secret: cfg.secret, maxAge: SESSION_MAX_AGE_S });
}

/** null for a missing, forged, expired or foreign token. */
export async function readSessionToken(cfg: SessionTokenConfig, token: string | undefined | null): Promise<SessionClaims | null> {
  if (!token) return null;
  try {
    return parseClaims(await decode({ token, secret: cfg.secret }));
  } catch {
    return null;
  }
}

/** Reads the cookie from a Cookie header (route handlers, tests). */
export function sessionTokenFromCookieHeader(cfg: SessionTokenConfig, header: string | null): string | null {
  if (!header) return null;
  const name = sessionCookieName(cfg);
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}
