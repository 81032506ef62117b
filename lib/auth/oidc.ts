import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { Prisma } from '../generated/prisma/client';
import { completeLogin } from './complete-login';
import type { LoggedIn } from './login-result';
import { normaliseEmail } from './login-password';

/**
 * Single sign-on never creates accounts: the identity provider's email must belong to an existing,
 * enabled staff user, who keeps the role the admins gave them here. The first login binds the
 * user to the provider's identity (issuer + subject), and only with `email_verified: true`: an
 * address is not proof of identity at a provider that lets users type any address. From then on
 * the binding decides, not the email: another identity claiming the same email is refused.
 * The decision is a pure function so its rules are tested on their own.
 */
export interface OidcClaims {
  iss?: unknown;
  sub?: unknown;
  email?: unknown;
  email_verified?: unknown;
}

export interface OidcCandidate {
  id: string;
  email: string;
  disabled: boolean;
  oidcIssuer: string | null;
  oidcSubject: string | null;
}

export type OidcRefusal = 'no_subject' | 'no_email' | 'email_unverified' | 'unknown_user' | 'disabled' | 'subject_mismatch';
export type OidcDecision = { ok: true; userId: string; bind: boolean } | { ok: false; reason: OidcRefusal };

export function oidcEmail(claims: OidcClaims): string | null {
  return typeof claims.email === 'string' && claims.email.includes('@') ? normaliseEmail(claims.email) : null;
}

export const oidcSubject = (claims: OidcClaims): string | null => (typeof claims.sub === 'string' && claims.sub.length > 0 ? claims.sub : null);

/**
 * `bound`: the user already bound to this issuer + subject; `byEmail`: the user with the claimed
 * email (used only when nobody is bound yet).
 */
export function decideOidcLogin(claims: OidcClaims, found: { bound: OidcCandidate | null; byEmail: OidcCandidate | null }): OidcDecision {
  if (!oidcSubject(claims)) return { ok: false, reason: 'no_subject' };
  if (found.bound) return found.bound.disabled ? { ok: false, reason: 'disabled' } : { ok: true, userId: found.bound.id, bind: false };
  const email = oidcEmail(claims);
  if (!email) return { ok: false, reason: 'no_email' };
  const user = found.byEmail;
  if (!user || normaliseEmail(user.email) !== email) return { ok: false, reason: 'unknown_user' };
  // Bound to another identity: the same email from a different subject is someone else.
  if (user.oidcSubject !== null || user.oidcIssuer !== null) return { ok: false, reason: 'subject_mismatch' };
  if (claims.email_verified !== true) return { ok: false, reason: 'email_unverified' };
  if (user.disabled) return { ok: false, reason: 'disabled' };
  return { ok: true, userId: user.id, bind: true };
}

/** `issuer`: the configured OIDC_ISSUER, used when the claims carry no `iss`. */
export async function loginWithOidc(
  ctx: AppContext,
  claims: OidcClaims,
  ip: string | null,
  issuer: string,
  userAgent: string | null = null,
): Promise<LoggedIn | { ok: false; reason: OidcRefusal }> {
  const iss = typeof claims.iss === 'string' && claims.iss ? claims.iss : issuer;
  const sub = oidcSubject(claims);
  const email = oidcEmail(claims);
  const bound = sub ? await ctx.db.staffUser.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: iss, oidcSubject: sub } } }) : null;
  const byEmail = !bound && email ? await ctx.db.staffUser.findUnique({ where: { email } }) : null;
  let decision = decideOidcLogin(claims, { bound, byEmail });
  if (decision.ok && decision.bind) decision = (await bind(ctx, decision.userId, iss, sub!)) ? decision : { ok: false, reason: 'subject_mismatch' };
  const user = bound ?? byEmail;
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
  return completeLogin(ctx, user, { method: 'OIDC', ip, userAgent });
}

/** Binds only a user not bound yet (two first logins racing: one wins, the other is refused). */
async function bind(ctx: AppContext, userId: string, issuer: string, subject: string): Promise<boolean> {
  try {
    const r = await ctx.db.staffUser.updateMany({
      where: { id: userId, oidcSubject: null, oidcIssuer: null },
      data: { oidcIssuer: issuer, oidcSubject: subject },
    });
    return r.count === 1;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return false;
    throw e;
  }
}
