import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { formatRome } from '@/components/dashboard/format';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getStaffUser } from '@/lib/auth/list-staff-users';
import { ROLE_LABELS } from '@/lib/auth/staff-schema';
import { getAppContext } from '@/lib/context';
import { UserActions } from './UserActions';

export const metadata: Metadata = { title: 'Utente' };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireStaff('ADMIN');
  const { id } = await params;
  const user = await getStaffUser(getAppContext(), { actor, id });
  if (!user) notFound();
  return (
    <>
      <p>
        <Link href="/dashboard/utenti">← Tutti gli utenti</Link>
      </p>
      <PageTitle lead={`${user.email} · ${ROLE_LABELS[user.role]}${user.disabled ? ' · disattivato' : ''}`}>{user.name || user.email}</PageTitle>
      <p>
        Creato il {formatRome(user.createdAt, 'date')}. Ultimo accesso: {user.lastLoginAt ? formatRome(user.lastLoginAt) : 'mai'}.
        {user.waitingUntil ? ` Troppi tentativi sbagliati: può riprovare dalle ${formatRome(user.waitingUntil, 'time')}.` : ''}
      </p>
      <UserActions
        id={user.id}
        role={user.role}
        disabled={user.disabled}
        totpEnabled={user.totpEnabled}
        oidcIssuer={user.oidcIssuer}
        self={user.id === actor.id}
      />
    </>
  );
}
