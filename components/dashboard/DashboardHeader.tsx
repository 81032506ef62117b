import Link from 'next/link';
import { ROLE_LABELS } from '@/lib/auth/staff-schema';
import type { StaffActor } from '@/lib/auth/session-check';
import { logoutAction } from './logout-action';

/** Slim blue bar (comune) and the service bar with who is signed in and "Esci". */
export function DashboardHeader({ comuneName, serviceName, actor }: { comuneName: string; serviceName: string; actor: StaffActor }) {
  return (
    <header className="it-header-wrapper">
      <div className="it-header-slim-wrapper">
        <div className="container-fluid">
          <div className="it-header-slim-wrapper-content px-3">
            <span className="d-lg-block navbar-brand text-white">{comuneName}</span>
          </div>
        </div>
      </div>
      <div className="it-header-center-wrapper it-small-header">
        <div className="container-fluid">
          <div className="it-header-center-content-wrapper px-3 d-flex flex-wrap align-items-center justify-content-between gap-2">
            <div className="it-brand-wrapper">
              <Link href="/dashboard">
                <div className="it-brand-text">
                  <div className="it-brand-title">{serviceName}</div>
                  <div className="it-brand-tagline d-none d-md-block">Area redazione</div>
                </div>
              </Link>
            </div>
            <div className="d-flex align-items-center gap-3 text-white">
              <span>
                {actor.name || actor.email} <span className="d-none d-md-inline">({ROLE_LABELS[actor.role]})</span>
              </span>
              <form action={logoutAction}>
                <button type="submit" className="btn btn-outline-light btn-sm">
                  Esci
                </button>
              </form>
            </div>
          </div>
        </div>
      </div>
    </header>
  );
}
