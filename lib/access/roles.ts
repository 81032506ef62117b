import { AppError } from '../errors';

export type Role = 'ADMIN' | 'EDITOR' | 'VIEWER';

/** Who is acting: a logged-in staff member or an API key (keys act as editors). */
export type Actor = { kind: 'staff'; id: string; email: string; name: string; role: Role } | { kind: 'api_key'; id: string; name: string; role: 'EDITOR' };

const RANK: Record<Role, number> = { VIEWER: 1, EDITOR: 2, ADMIN: 3 };

export function hasRole(actor: Pick<Actor, 'role'>, min: Role): boolean {
  return RANK[actor.role] >= RANK[min];
}

/** Domain functions call this next to the data they touch, whatever the route already checked. */
export function assertRole(actor: Actor | null | undefined, min: Role): asserts actor is Actor {
  if (!actor) throw new AppError('unauthenticated', 'Accedi per continuare.');
  if (!hasRole(actor, min)) throw new AppError('forbidden', 'Non hai i permessi per questa operazione.');
}

export const actorLabel = (a: Actor): string => (a.kind === 'staff' ? a.email : `api-key:${a.name}`);
