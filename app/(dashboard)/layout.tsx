import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { DashboardHeader } from '@/components/dashboard/DashboardHeader';
import { DASHBOARD_NAV } from '@/components/dashboard/nav-items';
import { SideNav } from '@/components/dashboard/SideNav';
import { requireStaffSession, TOTP_SETUP_PATH } from '@/lib/auth/guard';
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
  const session = await requireStaffSession('VIEWER', { allowTotpSetup: true });
  const settings = await loadSettings(getAppContext().db);
  const items = session.totpSetupRequired
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
