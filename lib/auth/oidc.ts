import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { completeLogin } from './complete-login';
import type { LoggedIn } from './login-result';
import { normaliseEmail } from './login-password';

/**
 * Single sign-on never creates accounts: the identity provider's email must belong to an existing,
 * enabled staff user, who keeps the role the admins gave them here. The decision is a pure
 * function so its rules are tested on their own.
 */
export interface OidcClaims {
  email?: unknown;
  email_verified?: unknown;
}

export type OidcRefusal = 'no_email' | 'email_unverified' | 'unknown_user' | 'disabled';
export type OidcDecision = { ok: true; email: string } | { ok: false; reason: OidcRefusal };

export function oidcEmail(claims: OidcClaims): string | null {
  return typeof claims.email === 'string' && claims.email.includes('@') ? normaliseEmail(claims.email) : null;
}

/**
 * Many corporate providers (e.g. Microsoft Entra) do not send email_verified at all: absence is
 * accepted, an explicit false is not.
 */
export function decideOidcLogin(claims: OidcClaims, user: { email: string; disabled: boolean } | null): OidcDecision {
  const email = oidcEmail(claims);
  if (!email) return { ok: false, reason: 'no_email' };
  if (claims.email_verified === false || claims.email_verified === 'false') return { ok: false, reason: 'email_unverified' };
  if (!user || normaliseEmail(user.email) !== email) return { ok: false, reason: 'unknown_user' };
  if (user.disabled) return { ok: false, reason: 'disabled' };
  return { ok: true, email };
}

export async function loginWithOidc(ctx: AppContext, claims: OidcClaims, ip: string | null): Promise<LoggedIn | { ok: false; reason: OidcRefusal }> {
  const email = oidcEmail(claims);
  const user = email ? await ctx.db.staffUser.findUnique({ where: { email } }) : null;
  const decision = decideOidcLogin(claims, user);
  if (!decision.ok || !user) {
    const reason = decision.ok ? 'unknown_user' : decision.reason;
    await recordAudit(ctx, ctx.db, {
      actor: null,
      actorEmail: email ?? undefined,
      action: 'login_failed',
      target: user?.id,
      details: { reason, method: 'oidc' },
      ip: ip ?? undefined,
    });
    return { ok: false, reason };
  }
  return completeLogin(ctx, user, { method: 'OIDC', ip });
}
