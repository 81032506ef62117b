'use server';

import { revalidatePath } from 'next/cache';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { updateSettings } from '@/lib/settings/update-settings';
import { parseGroup, SETTING_GROUPS } from './fields';

/** Saves one group of settings (each group is its own form). Admins only. */
export async function saveSettingsAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const group = SETTING_GROUPS.find((g) => g.id === fd.get('group'));
  if (!group) return { status: 'error', message: 'Gruppo di impostazioni sconosciuto.' };
  const values = formValues(fd);
  try {
    const changed = await updateSettings(ctx, { actor, changes: parseGroup(group, fd) });
    revalidatePath('/', 'layout');
    return {
      status: 'ok',
      message: changed.length === 0 ? 'Nessuna modifica da salvare.' : `Salvato (${changed.length} ${changed.length === 1 ? 'modifica' : 'modifiche'}).`,
    };
  } catch (e) {
    if (isAppError(e) && e.code === 'invalid_input' && e.details?.fieldErrors) {
      // The schemas' messages are for developers; each field has its own Italian one.
      const fieldErrors = Object.fromEntries(
        Object.keys(e.details.fieldErrors).map((k) => [k, [group.fields.find((f) => f.key === k)?.invalid ?? 'Valore non valido.']]),
      );
      return { status: 'error', message: e.userMessage, fieldErrors, values };
    }
    return actionError(e, ctx.log, values);
  }
}
