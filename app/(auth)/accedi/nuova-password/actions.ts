'use server';

import { redirect } from 'next/navigation';
import { actionError, formValues, type ActionState } from '@/components/dashboard/action-state';
import { requestIp } from '@/lib/auth/guard';
import { resetPasswordWithToken } from '@/lib/auth/reset-password-with-token';
import { getAppContext } from '@/lib/context';

/** The form the reset link opens: on success every session ended, back to the login. */
export async function resetPasswordAction(_prev: ActionState, fd: FormData): Promise<ActionState> {
  const ctx = getAppContext();
  const v = formValues(fd);
  try {
    await resetPasswordWithToken(ctx, { token: v.token ?? '', next: v.next ?? '', confirm: v.confirm ?? '', ip: await requestIp() });
  } catch (e) {
    return actionError(e, ctx.log);
  }
  redirect('/accedi?reimpostata=1');
}
