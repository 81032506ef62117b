'use server';

import { revalidatePath } from 'next/cache';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { changeStaffRole } from '@/lib/auth/change-staff-role';
import { clearStaffOidcBinding } from '@/lib/auth/clear-oidc-binding';
import { createStaffUser } from '@/lib/auth/create-staff-user';
import { requireStaff } from '@/lib/auth/guard';
import { resetStaffPassword, resetStaffTotp } from '@/lib/auth/reset-staff-credentials';
import { setStaffDisabled } from '@/lib/auth/set-staff-disabled';
import { roleSchema } from '@/lib/auth/staff-schema';
import { getAppContext } from '@/lib/context';
import { TEMPORARY_PASSWORD_MS } from '@/lib/auth/policy';

const TEMPORARY_HOURS = TEMPORARY_PASSWORD_MS / 3600_000;

/** Every action checks the admin role itself; the domain functions check it again. */
export async function createUserAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const v = formValues(fd);
  const echo = { email: v.email ?? '', name: v.name ?? '', role: v.role ?? '' };
  try {
    const role = roleSchema.safeParse(v.role);
    const r = await createStaffUser(ctx, {
      actor,
      input: { email: v.email ?? '', name: v.name ?? '', role: role.success ? role.data : ('' as never), password: v.password || undefined },
    });
    revalidatePath('/dashboard/utenti');
    return r.temporaryPassword
      ? {
          status: 'ok',
          message: `Utente ${r.email} creato. Comunicagli questa password temporanea: non sarà più mostrata. Va cambiata al primo accesso e scade dopo ${TEMPORARY_HOURS} ore.`,
          secret: r.temporaryPassword,
        }
      : {
          status: 'ok',
          message: `Utente ${r.email} creato con la password che hai scelto: è temporanea, va cambiata al primo accesso e scade dopo ${TEMPORARY_HOURS} ore.`,
        };
  } catch (e) {
    return actionError(e, ctx.log, echo);
  }
}

export async function updateUserAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const v = formValues(fd);
  const id = v.id ?? '';
  try {
    let result: ActionState;
    switch (v.op) {
      case 'role':
        await changeStaffRole(ctx, { actor, userId: id, role: roleSchema.parse(v.role) });
        result = { status: 'ok', message: 'Ruolo aggiornato. Le sessioni aperte dell’utente sono state chiuse.' };
        break;
      case 'disable':
        await setStaffDisabled(ctx, { actor, userId: id, disabled: true });
        result = { status: 'ok', message: 'Utente disattivato: non può più accedere e le sue sessioni sono chiuse.' };
        break;
      case 'enable':
        await setStaffDisabled(ctx, { actor, userId: id, disabled: false });
        result = { status: 'ok', message: 'Utente riattivato.' };
        break;
      case 'reset-totp':
        await resetStaffTotp(ctx, { actor, userId: id });
        result = { status: 'ok', message: 'Verifica in due passaggi azzerata. Al prossimo accesso l’utente potrà configurarla di nuovo.' };
        break;
      case 'clear-oidc': {
        const r = await clearStaffOidcBinding(ctx, { actor, userId: id });
        result = {
          status: 'ok',
          message: `Accesso unico scollegato per ${r.email}: le sue sessioni sono chiuse. Il prossimo accesso unico con la sua email, verificata dal fornitore, collegherà il nuovo account.`,
        };
        break;
      }
      case 'reset-password': {
        const r = await resetStaffPassword(ctx, { actor, userId: id, password: v.password || undefined });
        result = r.temporaryPassword
          ? {
              status: 'ok',
              message: `Nuova password temporanea. Comunicala all’utente: non sarà più mostrata. Va cambiata al primo accesso e scade dopo ${TEMPORARY_HOURS} ore.`,
              secret: r.temporaryPassword,
            }
          : {
              status: 'ok',
              message: `Password cambiata (temporanea: va cambiata al primo accesso e scade dopo ${TEMPORARY_HOURS} ore). Le sessioni aperte dell’utente sono state chiuse.`,
            };
        break;
      }
      default:
        return { status: 'error', message: 'Operazione sconosciuta.' };
    }
    revalidatePath('/dashboard/utenti');
    return result;
  } catch (e) {
    return actionError(e, ctx.log);
  }
}
