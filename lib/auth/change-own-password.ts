import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { invalidInput } from '../errors';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import type { StaffActor } from './session-check';
import { endUserSessions } from './sessions';

export interface ChangePasswordInput {
  current: string;
  next: string;
  confirm: string;
}

/**
 * Changes the actor's own password. Every other session of theirs ends (a thief with an open
 * session is out too); the caller re-issues this browser's cookie with the returned version.
 */
export async function changeOwnPassword(
  ctx: AppContext,
  { actor, keepSessionId, ...input }: { actor: StaffActor; keepSessionId?: string } & ChangePasswordInput,
): Promise<{ sessionVersion: number }> {
  const fieldError = (field: keyof ChangePasswordInput, message: string) => invalidInput(message, { [field]: [message] });
  const user = await ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id } });
  if (!(await verifyPassword(user.passwordHash, input.current))) throw fieldError('current', 'La password attuale non è corretta.');
  const problem = passwordProblem(input.next, user.email);
  if (problem) throw fieldError('next', problem);
  if (input.next !== input.confirm) throw fieldError('confirm', 'Le due password nuove non coincidono.');
  if (input.next === input.current) throw fieldError('next', 'La nuova password deve essere diversa da quella attuale.');
  const passwordHash = await hashPassword(input.next);
  return ctx.db.$transaction(async (tx) => {
    await tx.staffUser.update({ where: { id: user.id }, data: { passwordHash } });
    const sessionVersion = await endUserSessions(ctx, tx, user.id, { keepSessionId });
    await recordAudit(ctx, tx, { actor, action: 'user_update', target: user.id, details: { field: 'password', to: 'changed' } });
    return { sessionVersion };
  });
}
