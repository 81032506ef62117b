'use server';

import { redirect } from 'next/navigation';
import { getAppContext } from '@/lib/context';
import { clearSessionCookie, currentStaffSession, requestIp } from '@/lib/auth/guard';
import { logoutStaff } from '@/lib/auth/logout';

/** "Esci": ends every session of the user (lib/auth/logout.ts) and forgets the cookie here. */
export async function logoutAction(): Promise<void> {
  const session = await currentStaffSession();
  if (session) await logoutStaff(getAppContext(), { actor: session.actor, ip: await requestIp() });
  await clearSessionCookie();
  redirect('/accedi?uscito=1');
}
