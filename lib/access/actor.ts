import { assertRole, type Actor, type Role } from './roles';

/**
 * Work that no person starts directly (the scheduler publishing a due alert, the start-up template
 * sync, an operator's CLI command) acts as the system. Only server code builds this value: no
 * route or action ever turns a request into it.
 */
export interface SystemActor {
  kind: 'system';
  /** Shown in the audit log as `system:<label>`, e.g. `system:scheduler`, `system:cli`. */
  label: string;
}

export type AnyActor = Actor | SystemActor;

export const systemActor = (label: string): SystemActor => ({ kind: 'system', label });

export const isSystem = (a: AnyActor | null | undefined): a is SystemActor => a?.kind === 'system';

/** assertRole for people and API keys; the system passes. */
export function assertActor(actor: AnyActor | null | undefined, min: Role): asserts actor is AnyActor {
  if (isSystem(actor)) return;
  assertRole(actor, min);
}
