import type { Metadata } from 'next';
import Link from 'next/link';
import { NoticeList } from '@/components/dashboard/notices/NoticeList';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { listNotices } from '@/lib/notifications/list-notices';
import { markNoticesReadAction } from './actions';

export const metadata: Metadata = { title: 'Notifiche' };

/** All of one's latest notices, read or not. */
export default async function NoticesPage() {
  const actor = await requireStaff('VIEWER');
  const { notices, unread } = await listNotices(getAppContext(), { actor, limit: 100 });
  return (
    <>
      <PageTitle lead="Le ultime 100 notifiche per te.">Notifiche</PageTitle>
      <NoticeList notices={notices} unread={unread} markRead={markNoticesReadAction} title="Le tue notifiche" />
      <p>
        <Link href="/dashboard/profilo">Scegli quali ricevere per e-mail</Link>
      </p>
    </>
  );
}
