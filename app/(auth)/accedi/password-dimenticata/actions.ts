'use server';

import type { ActionState } from '@/components/dashboard/action-state';
import { requestIp } from '@/lib/auth/guard';
import { requestPasswordReset, RESET_REQUESTED_MESSAGE } from '@/lib/auth/request-password-reset';
import { getAppContext } from '@/lib/context';

/** "Password dimenticata?": the same answer for every address (lib/auth/request-password-reset.ts). */
export async function requestResetAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const ctx = getAppContext();
  const email = fd.get('email');
  try {
    const r = await requestPasswordReset(ctx, { email: typeof email === 'string' ? email : '', ip: await requestIp() });
    if (!r.ok) {
      return { status: 'error', message: `Troppe richieste. Riprova tra ${Math.ceil(r.retryAfter / 60)} minuti.` };
    }
  } catch (e) {
    ctx.log.error('password reset request failed unexpectedly', { error: e });
    return { status: 'error', message: 'Si è verificato un errore imprevisto. Riprova tra poco.' };
  }
  return { status: 'ok', message: RESET_REQUESTED_MESSAGE };
}
