import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { invalidInput } from '../errors';
import { hashPassword, passwordProblem } from './password';
import { reauthenticate } from './reauthenticate';
import type { StaffActor } from './session-check';
import { endUserSessions } from './sessions';

export interface ChangePasswordInput {
  current: string;
  next: string;
  confirm: string;
}

/**
 * Changes the actor's own password (the current one is checked with the re-authentication brakes,
 * per session and per account). Every other session of theirs ends (a thief with an open session
 * is out too); the caller re-issues this browser's cookie (`sessionId`) with the returned version.
 * A temporary password stops being one.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  { actor, sessionId, ...input }: { actor: StaffActor; sessionId: string } & ChangePasswordInput,
): Promise<{ sessionVersion: number }> {
  const fieldError = (field: keyof ChangePasswordInput, message: string) => invalidInput(message, { [field]: [message] });
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  // The cheap checks first: a typo in the new password must not spend an attempt.
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw fieldError('next', problem);
  if (input.next !== input.confirm) throw fieldError('confirm', 'Le due password nuove non coincidono.');
  if (input.next === input.current) throw fieldError('next', 'La nuova password deve essere diversa da quella attuale.');
  await reauthenticate(ctx, { actor, sessionId, password: input.current, passwordField: 'current' });
  const passwordHash = await hashPassword(input.next);
  return ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: user.id }, data: { passwordHash, passwordExpiresAt: null } });
    const sessionVersion = await endUserSessions(ctx, tx, user.id, { keepSessionId: sessionId });
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { field: 'password', to: 'changed' } });
    return { sessionVersion };
  });
}
