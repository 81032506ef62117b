import type { Metadata } from 'next';
import Link from 'next/link';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { Notice } from '@/components/dashboard/Notice';
import { requireStaffSession } from '@/lib/auth/guard';
import { listOwnSessions } from '@/lib/auth/list-own-sessions';
import { getOwnPhoneMasked } from '@/lib/auth/staff-phone';
import { TEMPORARY_PASSWORD_MS } from '@/lib/auth/policy';
import { ROLE_LABELS } from '@/lib/auth/staff-schema';
import { getAppContext } from '@/lib/context';
import { PasswordForm, PhoneForm } from './ProfileForms';
import { SessionsSection } from './SessionsSection';
import { NoticeMailPreferences } from '@/components/dashboard/notices/NoticeMailPreferences';
import { getNoticeMailKinds } from '@/lib/notifications/notice-mail-kinds';
import { saveNoticeMailKindsAction } from '../notifiche/actions';

export const metadata: Metadata = { title: 'Profilo' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function ProfilePage({ searchParams }: { searchParams: Search }) {
  // Also where a temporary password is changed: then only that form, nothing else is reachable.
  const session = await requireStaffSession('VIEWER', { allowPasswordChange: true });
  const actor = session.actor;
  const ctx = getAppContext();
  if (session.passwordChangeRequired) {
    return (
      <>
        <PageTitle lead={`${actor.email} · ${ROLE_LABELS[actor.role]}`}>Scegli la tua password</PageTitle>
        <Notice kind="warning">
          La password che hai ricevuto è temporanea: scegline una tua per continuare. Vale {TEMPORARY_PASSWORD_MS / 3600_000} ore da quando è stata impostata.
        </Notice>
        <div className="row g-5">
          <div className="col-xl-6">
            <PasswordForm email={actor.email} />
          </div>
        </div>
      </>
    );
  }
  const [masked, user, sessions, mailKinds] = await Promise.all([
    getOwnPhoneMasked(ctx, actor.id),
    ctx.db.staffUser.findUniqueOrThrow({ where: { id: actor.id }, select: { totpEnabled: true } }),
    listOwnSessions(ctx, { actor, currentSessionId: session.sessionId }),
    getNoticeMailKinds(ctx, { actor }),
  ]);
  const sp = await searchParams;
  const done = sp.sessione;
  const noticesSaved = sp.notifiche === 'salvate';
  return (
    <>
      <PageTitle lead={`${actor.email} · ${ROLE_LABELS[actor.role]}`}>Profilo</PageTitle>
      <section className="mb-5" aria-labelledby="mfa-title">
        <h2 id="mfa-title" className="h4">
          Verifica in due passaggi
        </h2>
        <p>
          {user.totpEnabled ? 'Attiva: all’accesso ti chiediamo anche il codice dell’app di autenticazione.' : 'Non attiva.'}{' '}
          <Link href="/dashboard/profilo/due-passaggi">{user.totpEnabled ? 'Gestisci' : 'Attivala ora'}</Link>
        </p>
      </section>
      <div className="row g-5">
        <div className="col-xl-6">
          <PasswordForm email={actor.email} />
        </div>
        <div className="col-xl-6">
          <PhoneForm masked={masked} />
        </div>
      </div>
      <SessionsSection sessions={sessions} done={typeof done === 'string' ? done : undefined} />
      <NoticeMailPreferences mailKinds={mailKinds} mailEnabled={ctx.mailEnabled === true} save={saveNoticeMailKindsAction} saved={noticesSaved} />
    </>
  );
}
