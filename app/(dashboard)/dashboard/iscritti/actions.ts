'use server';

import { redirect } from 'next/navigation';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { requestIp, requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { revealNumber } from '@/lib/subscribers/reveal-number';
import { unsubscribeByStaff } from '@/lib/subscribers/unsubscribe-by-staff';

/** Admins only; the use case writes the audit entry before it returns the number. */
export async function revealNumberAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  try {
    const { number } = await revealNumber(ctx, { actor, subscriberId: String(fd.get('id') ?? ''), ip: await requestIp() });
    return { status: 'ok', secret: number };
  } catch (e) {
    return actionError(e, ctx.log);
  }
}

/** The confirmed manual unsubscribe (a citizen's request at the URP). */
export async function unsubscribeAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  const v = formValues(fd);
  try {
    await unsubscribeByStaff(ctx, { actor, subscriberId: v.id ?? '', note: v.note, ip: await requestIp() });
  } catch (e) {
    return actionError(e, ctx.log, { note: v.note ?? '' });
  }
  redirect('/dashboard/iscritti?cancellato=1');
}
