'use server';

import { revalidatePath } from 'next/cache';
import { actionError, type ActionState } from '@/components/dashboard/action-state';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { graphFromContext } from '@/lib/templates/graph';
import { syncTemplates } from '@/lib/templates/sync-templates';

/** "Sincronizza con Meta": refreshes every status and submits the standard templates still missing. */
export async function syncTemplatesAction(): Promise<ActionState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  try {
    const r = await syncTemplates(ctx, { actor, graph: graphFromContext(ctx) });
    revalidatePath('/dashboard/modelli');
    if (r.failed.length > 0) {
      return { status: 'error', message: `Meta non ha accettato ${r.failed.map((f) => `«${f.name}»`).join(', ')}: vedi il motivo nella tabella.` };
    }
    const sent = r.created.length > 0 ? ` Inviati ora a Meta per l’approvazione: ${r.created.length}. Di solito l’esito arriva in pochi minuti.` : '';
    return { status: 'ok', message: `Stato aggiornato: ${r.total} ${r.total === 1 ? 'modello' : 'modelli'} su Meta.${sent}` };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}
