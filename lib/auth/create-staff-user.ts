import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError, fieldErrorsFromZod, invalidInput } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { assertActor, type AnyActor } from '../access/actor';
import { hashPassword, passwordProblem } from './password';
import { TEMPORARY_PASSWORD_MS } from './policy';
import { createStaffSchema, generateTemporaryPassword, type CreateStaffInput } from './staff-schema';

export interface CreatedStaffUser {
  id: string;
  email: string;
  /** Only when the password was generated: show it once, it is not stored anywhere readable. */
  temporaryPassword: string | null;
}

/**
 * Creates a staff account; `actor` is an admin, or the system for the operator's CLI. The password
 * (given or generated) is temporary: whoever chose it is not whoever will use it, so it must be
 * changed at the first login and expires after TEMPORARY_PASSWORD_MS. Only the operator's CLI may
 * pass `permanent` (the operator's own first admin account, automation).
 */
export async function createStaffUser(
  ctx: AppContext,
  { actor, input, permanent = false }: { actor: AnyActor; input: CreateStaffInput; permanent?: boolean },
): Promise<CreatedStaffUser> {
  assertActor(actor, 'ADMIN');
  if (permanent && actor.kind !== 'system') throw new AppError('forbidden', 'Solo la riga di comando può impostare una password definitiva.');
  const parsed = createStaffSchema.safeParse(input);
  if (!parsed.success) throw invalidInput(parsed.error.issues[0]?.message ?? 'Dati non validi.', fieldErrorsFromZod(parsed.error));
  const { email, name, role } = parsed.data;
  const given = parsed.data.password?.length ? parsed.data.password : null;
  const password = given ?? generateTemporaryPassword();
  const problem = passwordProblem(password, email);
  if (problem) throw invalidInput(problem, { password: [problem] });
  const passwordHash = await hashPassword(password);
  try {
    const user = await ctx.db.$transaction(async (tx) => {
      const passwordExpiresAt = permanent ? null : new Date(ctx.now().getTime() + TEMPORARY_PASSWORD_MS);
      const u = await tx.staffUser.create({ data: { email, name, role, passwordHash, passwordExpiresAt }, select: { id: true, email: true } });
      await recordAudit(ctx, tx, { actor, action: 'user_create', target: u.id, details: { email, role } });
      return u;
    });
    return { id: user.id, email: user.email, temporaryPassword: given ? null : password };
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new AppError('conflict', 'Esiste già un utente con questa email.', { fieldErrors: { email: ['Esiste già un utente con questa email.'] } });
    }
    throw e;
  }
}
