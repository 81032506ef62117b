import type { AppContext } from '../context';
import { recordAudit } from '../audit/record';
import { AppError, fieldErrorsFromZod, invalidInput } from '../errors';
import { Prisma } from '../generated/prisma/client';
import { assertActor, type AnyActor } from '../access/actor';
import { hashPassword, passwordProblem } from './password';
import { createStaffSchema, generateTemporaryPassword, type CreateStaffInput } from './staff-schema';

export interface CreatedStaffUser {
  id: string;
  email: string;
  /** Only when the password was generated: show it once, it is not stored anywhere readable. */
  temporaryPassword: string | null;
}

/** Creates a staff account; `actor` is an admin, or the system for the operator's CLI. */
export async function createStaffUser(ctx: AppContext, { actor, input }: { actor: AnyActor; input: CreateStaffInput }): Promise<CreatedStaffUser> {
  assertActor(actor, 'ADMIN');
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
      const u = await tx.staffUser.create({ data: { email, name, role, passwordHash }, select: { id: true, email: true } });
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
