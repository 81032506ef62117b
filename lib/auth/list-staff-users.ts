import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import type { Role } from '../access/roles';

export interface StaffUserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  totpEnabled: boolean;
  lastLoginAt: Date | null;
  createdAt: Date;
  /** Waiting after too many failed logins (until this time). */
  waitingUntil: Date | null;
  /** The single sign-on provider this user is bound to (first OIDC login), if any. */
  oidcIssuer: string | null;
}

const SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  totpEnabled: true,
  lastLoginAt: true,
  createdAt: true,
  lockedUntil: true,
  oidcIssuer: true,
} as const;

function toRow(ctx: Pick<AppContext, 'now'>, { lockedUntil, ...r }: { lockedUntil: Date | null } & Omit<StaffUserRow, 'waitingUntil'>): StaffUserRow {
  return { ...r, waitingUntil: lockedUntil && lockedUntil.getTime() > ctx.now().getTime() ? lockedUntil : null };
}

export async function listStaffUsers(ctx: AppContext, { actor }: { actor: AnyActor }): Promise<StaffUserRow[]> {
  assertActor(actor, 'ADMIN');
  const rows = await ctx.db.staffUser.findMany({ orderBy: [{ disabled: 'asc' }, { email: 'asc' }], select: SELECT });
  return rows.map((r) => toRow(ctx, r));
}

export async function getStaffUser(ctx: AppContext, { actor, id }: { actor: AnyActor; id: string }): Promise<StaffUserRow | null> {
  assertActor(actor, 'ADMIN');
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await ctx.db.staffUser.findUnique({ where: { id }, select: SELECT });
  return row ? toRow(ctx, row) : null;
}
