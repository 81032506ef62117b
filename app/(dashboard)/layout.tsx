import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DashboardHeader } from '@/components/dashboard/DashboardHeader';
import { DASHBOARD_NAV } from '@/components/dashboard/nav-items';
import { SideNav } from '@/components/dashboard/SideNav';
import { PASSWORD_CHANGE_PATH, requireStaffSession, TOTP_SETUP_PATH } from '@/lib/auth/guard';
import { hasRole } from '@/lib/access/roles';
import { getAppContext } from '@/lib/context';
import { loadSettings } from '@/lib/settings/store';

// Per request: the session and the settings live in the database.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Area redazione', template: '%s — Area redazione' },
  robots: { index: false, follow: false },
};

/**
 * The shell only: header, side navigation by role, <main>. It is NOT the authorisation: every page,
 * action and route below calls requireStaff itself (a layout does not re-run on client navigation).
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // The shell also frames the pages a pending step allows (password change, TOTP set-up); the
  // pages themselves refuse everything else.
  const session = await requireStaffSession('VIEWER', { allowTotpSetup: true, allowPasswordChange: true });
  const settings = await loadSettings(getAppContext().db);
  const items = session.passwordChangeRequired
    ? [{ href: PASSWORD_CHANGE_PATH, label: 'Scegli la tua password', min: 'VIEWER' as const }]
    : session.totpSetupRequired
      ? [{ href: TOTP_SETUP_PATH, label: 'Verifica in due passaggi', min: 'VIEWER' as const }]
      : DASHBOARD_NAV.filter((i) => hasRole(session.actor, i.min));
  return (
    <>
      <DashboardHeader comuneName={settings.comuneName} serviceName={settings.serviceName} actor={session.actor} />
      <div className="container-fluid">
        <div className="row">
          <div className="col-lg-3 col-xl-2 border-end">
            <SideNav items={items} />
          </div>
          <main id="main-content" tabIndex={-1} className="col-lg-9 col-xl-10 py-4 px-lg-5">
            {children}
          </main>
        </div>
      </div>
    </>
  );
}
