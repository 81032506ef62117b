'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionError, type ActionState } from '@/components/dashboard/action-state';
import { launchService } from '@/lib/alerts/launch-service';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';

/** "Avvia il servizio": admins only (checked here and again by launchService). */
export async function launchAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  let target = '/dashboard/lancio?avviato=1';
  try {
    const r = await launchService(ctx, { actor, noWelcome: fd.get('welcome') === 'no' });
    if (r.welcome) target += `&avviso=${r.welcome.alertId}&destinatari=${r.welcome.recipients}`;
  } catch (e) {
    return actionError(e, ctx.log);
  }
  revalidatePath('/dashboard', 'layout');
  redirect(target);
}
