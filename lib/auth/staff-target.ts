import type { Prisma } from '../generated/prisma/client';
import { AppError } from '../errors';

type Tx = Pick<Prisma.TransactionClient, 'staffUser'>;

export async function loadStaffUser(tx: Tx, id: string) {
  const user = /^[0-9a-f-]{36}$/i.test(id) ? await tx.staffUser.findUnique({ where: { id } }) : null;
  if (!user) throw new AppError('not_found', 'Utente non trovato.');
  return user;
}

/** An installation must always keep one enabled admin, or nobody could manage it from the app. */
export async function assertAnotherActiveAdmin(tx: Tx, exceptId: string): Promise<void> {
  const others = await tx.staffUser.count({ where: { role: 'ADMIN', disabled: false, id: { not: exceptId } } });
  if (others === 0) throw new AppError('conflict', 'Deve restare almeno un amministratore attivo.');
}
