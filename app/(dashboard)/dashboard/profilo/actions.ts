'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { changeOwnPassword } from '@/lib/auth/change-own-password';
import { endOtherOwnSessions } from '@/lib/auth/end-other-sessions';
import { endOwnSession } from '@/lib/auth/end-own-session';
import { clearSessionCookie, requestIp, requireStaffSession, setSessionCookie } from '@/lib/auth/guard';
import { confirmTotpSetup, disableOwnTotp, startTotpSetup } from '@/lib/auth/own-totp';
import { setOwnPhone } from '@/lib/auth/staff-phone';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';

export async function changePasswordAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  // Allowed while a temporary password waits to be changed: this is the way out.
  const session = await requireStaffSession('VIEWER', { allowPasswordChange: true, allowTotpSetup: true });
  const ctx = getAppContext();
  const v = formValues(fd);
  try {
    const { sessionVersion } = await changeOwnPassword(ctx, {
      actor: session.actor,
      current: v.current ?? '',
      next: v.next ?? '',
      confirm: v.confirm ?? '',
      sessionId: session.sessionId,
    });
    await setSessionCookie({ sub: session.actor.id, sid: session.sessionId, sv: sessionVersion });
  } catch (e) {
    return actionError(e, ctx.log);
  }
  // A temporary password was the only thing in the way: go on (to the TOTP set-up if that is due).
  if (session.passwordChangeRequired) redirect(session.totpSetupRequired ? '/dashboard/profilo/due-passaggi' : '/dashboard');
  return { status: 'ok', message: 'Password cambiata. Le altre sessioni aperte con il tuo account sono state chiuse.' };
}

export async function setPhoneAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = (await requireStaffSession('VIEWER')).actor;
  const ctx = getAppContext();
  const v = formValues(fd);
  try {
    const r = await setOwnPhone(ctx, { actor, phone: v.phone ?? '' });
    revalidatePath('/dashboard/profilo');
    return { status: 'ok', message: r.masked ? `Numero salvato: ${r.masked}.` : 'Numero rimosso.' };
  } catch (e) {
    return actionError(e, ctx.log, { phone: v.phone ?? '' });
  }
}

/** TOTP set-up is allowed while it is pending (mandatory and not yet done): it is the way out. */
export async function startTotpAction(): Promise<void> {
  const actor = (await requireStaffSession('VIEWER', { allowTotpSetup: true })).actor;
  await startTotpSetup(getAppContext(), { actor });
  redirect('/dashboard/profilo/due-passaggi');
}

export async function confirmTotpAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = (await requireStaffSession('VIEWER', { allowTotpSetup: true })).actor;
  const ctx = getAppContext();
  try {
    await confirmTotpSetup(ctx, { actor, code: formValues(fd).code ?? '' });
  } catch (e) {
    return actionError(e, ctx.log);
  }
  redirect('/dashboard/profilo/due-passaggi?attivata=1');
}

export async function disableTotpAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const session = await requireStaffSession('VIEWER');
  const ctx = getAppContext();
  const v = formValues(fd);
  try {
    await disableOwnTotp(ctx, { actor: session.actor, sessionId: session.sessionId, password: v.password ?? '', code: v.code ?? '' });
  } catch (e) {
    return actionError(e, ctx.log);
  }
  redirect('/dashboard/profilo/due-passaggi?disattivata=1');
}

/** "Termina questa sessione": the current one signs this browser out (to /accedi). */
export async function endSessionAction(fd: FormData): Promise<void> {
  const session = await requireStaffSession('VIEWER');
  const ctx = getAppContext();
  const id = fd.get('sessionId');
  let current = false;
  try {
    current = (
      await endOwnSession(ctx, {
        actor: session.actor,
        sessionId: typeof id === 'string' ? id : '',
        currentSessionId: session.sessionId,
        ip: await requestIp(),
      })
    ).current;
  } catch (e) {
    if (!isAppError(e)) throw e;
    redirect('/dashboard/profilo?sessione=gia-terminata#sessioni-title');
  }
  if (current) {
    await clearSessionCookie();
    redirect('/accedi?uscito=1');
  }
  redirect('/dashboard/profilo?sessione=terminata#sessioni-title');
}

/** "Termina le altre": every session of the user but this one. */
export async function endOtherSessionsAction(): Promise<void> {
  const session = await requireStaffSession('VIEWER');
  await endOtherOwnSessions(getAppContext(), { actor: session.actor, currentSessionId: session.sessionId, ip: await requestIp() });
  redirect('/dashboard/profilo?sessione=altre-terminate#sessioni-title');
}
