import { assertRole, type Actor } from '../access/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { isUuid } from '../ids';

export interface ImportProgress {
  status: 'RUNNING' | 'DONE' | 'REFUSED' | 'FAILED';
  rowsTotal: number | null;
  rowsDone: number;
  added: number;
  alreadyPresent: number;
  optedOut: number;
  invalid: number;
}

/** Where an import stands (subscriber_imports, written by importSubscribers): the progress bar's data. Admins only. */
export async function getImportProgress(ctx: AppContext, { actor, importId }: { actor: Actor; importId: string }): Promise<ImportProgress> {
  assertRole(actor, 'ADMIN');
  const row = isUuid(importId) ? await ctx.db.subscriberImport.findUnique({ where: { id: importId } }) : null;
  if (!row) throw new AppError('not_found', 'Importazione non trovata.');
  const { rowsTotal, rowsDone, added, alreadyPresent, optedOut, invalid } = row;
  return { status: row.status as ImportProgress['status'], rowsTotal, rowsDone, added, alreadyPresent, optedOut, invalid };
}
