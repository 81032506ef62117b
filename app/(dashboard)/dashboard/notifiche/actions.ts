'use server';

import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { setNoticeMailKinds } from '@/lib/notifications/notice-mail-kinds';
import { markNoticesRead } from '@/lib/notifications/mark-notices-read';

/** Marks all of one's own notices as read (the home and the full list). */
export async function markNoticesReadAction(): Promise<void> {
  const actor = await requireStaff('VIEWER');
  await markNoticesRead(getAppContext(), { actor });
  revalidatePath('/dashboard');
  revalidatePath('/dashboard/notifiche');
}

/** Saves which kinds of notice reach the person by e-mail (the profile page). */
export async function saveNoticeMailKindsAction(fd: FormData): Promise<void> {
  const actor = await requireStaff('VIEWER');
  await setNoticeMailKinds(getAppContext(), { actor, kinds: fd.getAll('kinds') });
  revalidatePath('/dashboard/profilo');
  redirect('/dashboard/profilo?notifiche=salvate');
}
