import type { AppContext } from '../context';
import { AppError } from '../errors';
import type { Settings } from '../settings/defaults';
import { loadSettings } from '../settings/store';
import { hasRole, type Actor, type Role } from '../access/roles';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, SESSION_TOUCH_MS } from './policy';
import type { SessionClaims } from './session-token';

export type StaffActor = Extract<Actor, { kind: 'staff' }>;

export interface ActiveSession {
  actor: StaffActor;
  sessionId: string;
  sessionVersion: number;
  method: 'PASSWORD' | 'OIDC';
  /** TOTP is mandatory (setting, or an admin) and this password user has not set it up yet. */
  totpSetupRequired: boolean;
  /** The password is temporary (set by an admin or the CLI): nothing else until it is changed. */
  passwordChangeRequired: boolean;
}

export type SessionProblem = 'missing' | 'unknown' | 'ended' | 'disabled' | 'version' | 'idle' | 'expired';

/**
 * The cookie only says which session; this decides whether it is still good, from the database,
 * on every request: the user exists and is enabled, the session was not ended, the user's session
 * version is unchanged, and neither the idle nor the absolute time-out has passed.
 */
export async function checkSession(
  ctx: Pick<AppContext, 'db' | 'now'>,
  claims: SessionClaims | null,
): Promise<{ ok: true; session: ActiveSession } | { ok: false; problem: SessionProblem }> {
  if (!claims) return { ok: false, problem: 'missing' };
  const row = await ctx.db.staffSession.findUnique({ where: { id: claims.sid }, include: { staffUser: true } });
  if (!row || row.staffUserId !== claims.sub) return { ok: false, problem: 'unknown' };
  const user = row.staffUser;
  const now = ctx.now().getTime();
  if (row.endedAt) return { ok: false, problem: 'ended' };
  if (user.disabled) return { ok: false, problem: 'disabled' };
  if (user.sessionVersion !== claims.sv) return { ok: false, problem: 'version' };
  if (now - row.createdAt.getTime() >= SESSION_ABSOLUTE_MS) return { ok: false, problem: 'expired' };
  if (now - row.lastSeenAt.getTime() >= SESSION_IDLE_MS) return { ok: false, problem: 'idle' };
  if (now - row.lastSeenAt.getTime() >= SESSION_TOUCH_MS) {
    await ctx.db.staffSession.update({ where: { id: row.id }, data: { lastSeenAt: new Date(now) } });
  }
  const settings = await loadSettings(ctx.db);
  return {
    ok: true,
    session: {
      actor: { kind: 'staff', id: user.id, email: user.email, name: user.name, role: user.role },
      sessionId: row.id,
      sessionVersion: user.sessionVersion,
      method: row.method,
      totpSetupRequired: row.method === 'PASSWORD' && !user.totpEnabled && totpMandatoryFor(settings, user.role),
      passwordChangeRequired: row.method === 'PASSWORD' && user.passwordExpiresAt !== null,
    },
  };
}

/** TOTP is mandatory for everyone (totpRequired), or for admins (adminTotpRequired, on by default). */
export function totpMandatoryFor(settings: Pick<Settings, 'totpRequired' | 'adminTotpRequired'>, role: Role): boolean {
  return settings.totpRequired || (role === 'ADMIN' && settings.adminTotpRequired);
}

export interface AuthoriseOptions {
  /** Only the TOTP set-up page and its actions pass this. */
  allowTotpSetup?: boolean;
  /** Only the profile page and its password action pass this (temporary password pending). */
  allowPasswordChange?: boolean;
}

/**
 * The whole decision for pages, actions and routes, as AppErrors: 'unauthenticated' (no valid
 * session), 'forbidden' (role too low, temporary password to change, or TOTP set-up pending). The Next glue maps them to a
 * redirect, a 403 page or a 401/403 response.
 */
export async function authoriseStaff(
  ctx: Pick<AppContext, 'db' | 'now'>,
  claims: SessionClaims | null,
  min: Role = 'VIEWER',
  opts: AuthoriseOptions = {},
): Promise<ActiveSession> {
  const r = await checkSession(ctx, claims);
  if (!r.ok) throw new AppError('unauthenticated', 'Accedi per continuare.', { problem: r.problem });
  // First the temporary password, then TOTP: the set-up page is reached with one's own password.
  if (r.session.passwordChangeRequired) {
    if (!opts.allowPasswordChange) {
      throw new AppError('forbidden', 'Prima di continuare scegli una nuova password: quella che hai ricevuto è temporanea.', {
        passwordChangeRequired: true,
      });
    }
  } else if (r.session.totpSetupRequired && !opts.allowTotpSetup) {
    throw new AppError('forbidden', 'Prima di continuare configura la verifica in due passaggi.', { totpSetupRequired: true });
  }
  if (!hasRole(r.session.actor, min)) throw new AppError('forbidden', 'Non hai i permessi per questa operazione.');
  return r.session;
}
