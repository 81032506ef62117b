import type { Metadata } from 'next';
import Link from 'next/link';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { listStaffUsers } from '@/lib/auth/list-staff-users';
import { ROLE_LABELS } from '@/lib/auth/staff-schema';
import { getAppContext } from '@/lib/context';
import { formatRome } from '@/components/dashboard/format';
import { CreateUserForm } from './CreateUserForm';

export const metadata: Metadata = { title: 'Utenti' };

export default async function UsersPage() {
  const actor = await requireStaff('ADMIN');
  const users = await listStaffUsers(getAppContext(), { actor });
  return (
    <>
      <PageTitle lead="Chi può accedere all’area redazione e con quale ruolo.">Utenti</PageTitle>
      <div className="table-responsive mb-5" tabIndex={0} role="region" aria-label="Utenti dell’area redazione">
        <table className="table">
          <caption className="visually-hidden">Utenti dell’area redazione</caption>
          <thead>
            <tr>
              <th scope="col">Utente</th>
              <th scope="col">Ruolo</th>
              <th scope="col">Stato</th>
              <th scope="col">Verifica in due passaggi</th>
              <th scope="col">Ultimo accesso</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <th scope="row">
                  <Link href={`/dashboard/utenti/${u.id}`}>{u.name || u.email}</Link>
                  {u.name ? <div className="small fw-normal">{u.email}</div> : null}
                </th>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>{u.disabled ? 'Disattivato' : u.waitingUntil ? `In attesa fino alle ${formatRome(u.waitingUntil, 'time')}` : 'Attivo'}</td>
                <td>{u.totpEnabled ? 'Attiva' : 'No'}</td>
                <td>{u.lastLoginAt ? formatRome(u.lastLoginAt) : 'Mai'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row">
        <div className="col-xl-8">
          <CreateUserForm />
        </div>
      </div>
    </>
  );
}
