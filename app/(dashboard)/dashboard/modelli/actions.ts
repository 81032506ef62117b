'use server';

import { revalidatePath } from 'next/cache';
import { actionError, type ActionState } from '@/components/dashboard/action-state';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { graphFromContext } from '@/lib/templates/graph';
import { syncTemplates } from '@/lib/templates/sync-templates';
import { acceptTemplateCategory } from '@/lib/alerts/accept-template-category';
import { resubmitTemplateAsUtility } from '@/lib/alerts/resubmit-template';
import { reconcileTemplateHolds } from '@/lib/delivery/template-holds';

/** "Sincronizza con Meta": refreshes every status and submits the standard templates still missing. */
export async function syncTemplatesAction(): Promise<ActionState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  try {
    const r = await syncTemplates(ctx, { actor, graph: graphFromContext(ctx) });
    // What the sync learnt (a category change, an approval) applies to the alerts at once.
    await reconcileTemplateHolds(ctx, { actor });
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

const field = (fd: FormData, k: string) => String(fd.get(k) ?? '');

/** "Ripresenta come UTILITY": asks Meta to review the template again as UTILITY; alerts stay held until it is approved. */
export async function resubmitTemplateAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  try {
    await resubmitTemplateAsUtility(ctx, { actor, name: field(fd, 'name'), language: field(fd, 'language') });
    revalidatePath('/dashboard/modelli');
    return {
      status: 'ok',
      message: 'Modello ripresentato a Meta come UTILITY. Gli avvisi restano fermi finché Meta non lo approva come UTILITY, poi ripartono da soli.',
    };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}

/** "Accetta la categoria MARKETING": recorded in the audit log; the alerts held for the template go on. */
export async function acceptTemplateCategoryAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  try {
    const r = await acceptTemplateCategory(ctx, { actor, name: field(fd, 'name'), language: field(fd, 'language') });
    revalidatePath('/dashboard/modelli');
    revalidatePath('/dashboard');
    const n = r.released.length;
    return {
      status: 'ok',
      message: `Categoria ${r.category} accettata: gli invii con questo modello costano come ${r.category}.${n > 0 ? ` Ripartiti ${n === 1 ? 'un avviso' : `${n} avvisi`} in attesa.` : ''}`,
    };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}
