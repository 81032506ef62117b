import type { Metadata } from 'next';
import { ExpiredText, PreferencesForm } from '@/components/public/preferences/PreferencesForm';
import { getAppContext } from '@/lib/context';
import { openPreferences } from '@/lib/subscriptions/open-preferences';
import { leaveAction, savePreferencesAction } from './actions';

export const dynamic = 'force-dynamic';
// The link carries a personal token: never indexed, never sent on as a Referer.
export const metadata: Metadata = { title: 'Le tue preferenze', robots: { index: false, follow: false }, referrer: 'no-referrer' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/**
 * /preferenze?t=…: the page a subscriber reaches from the link "Preferenze" sends on WhatsApp
 * (lib/subscriptions/preference-link.ts). No login: the signed, short-lived, single-use link is
 * the key. An expired, used or unknown link shows the same short text and nothing else.
 */
export default async function PreferencesPage({ searchParams }: Props) {
  const t = (await searchParams).t;
  const token = typeof t === 'string' ? t : '';
  const view = await openPreferences(getAppContext(), token);
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">Le tue preferenze</h1>
        {view ? (
          <>
            <p className="lead mb-4">
              Scegli gli argomenti e le zone degli avvisi che vuoi ricevere, poi premi «Salva le scelte». Il link vale una volta sola.
            </p>
            <PreferencesForm token={token} view={view} save={savePreferencesAction} leave={leaveAction} />
          </>
        ) : (
          <ExpiredText />
        )}
      </div>
    </div>
  );
}
