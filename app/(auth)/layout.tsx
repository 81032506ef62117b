import Link from 'next/link';
import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getAppContext } from '@/lib/context';
import { loadSettings } from '@/lib/settings/store';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Accedi', template: '%s — Area redazione' },
  robots: { index: false, follow: false },
};

/** Staff sign-in pages: the comune's header and a narrow column. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const s = await loadSettings(getAppContext().db);
  return (
    <>
      <header className="it-header-wrapper">
        <div className="it-header-slim-wrapper">
          <div className="container">
            <div className="it-header-slim-wrapper-content">
              <span className="navbar-brand text-white">{s.comuneName}</span>
            </div>
          </div>
        </div>
        <div className="it-header-center-wrapper it-small-header">
          <div className="container">
            <div className="it-header-center-content-wrapper">
              <div className="it-brand-wrapper">
                <Link href="/">
                  <div className="it-brand-text">
                    <div className="it-brand-title">{s.serviceName}</div>
                    <div className="it-brand-tagline">Area redazione</div>
                  </div>
                </Link>
              </div>
            </div>
          </div>
        </div>
      </header>
      <main id="main-content" tabIndex={-1} className="container py-5">
        <div className="row justify-content-center">
          <div className="col-md-8 col-lg-6 col-xl-5">{children}</div>
        </div>
      </main>
    </>
  );
}
