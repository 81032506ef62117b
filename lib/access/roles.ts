import type { ApiScope } from './api-scopes';
import { AppError } from '../errors';

export type Role = 'ADMIN' | 'EDITOR' | 'VIEWER';

/** Who is acting: a logged-in staff member or an API key (keys act as editors, within their scopes: api-scopes.ts). */
export type Actor =
  | { kind: 'staff'; id: string; email: string; name: string; role: Role }
  | { kind: 'api_key'; id: string; name: string; role: 'EDITOR'; scopes: readonly ApiScope[] };

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

/** People are not limited by scopes (their role decides); an API key needs `scope`. */
export function assertScope(actor: Actor, scope: ApiScope, doing: string): void {
  if (actor.kind !== 'api_key' || actor.scopes.includes(scope)) return;
  throw new AppError(
    'insufficient_scope',
    `This API key lacks the scope "${scope}" needed to ${doing}. Its scopes: ${actor.scopes.join(', ') || '(none)'}. An administrator can create a key with that scope (dashboard, "Chiavi API").`,
    { requiredScope: scope, scopes: [...actor.scopes] },
  );
}
