import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/dashboard/Notice';
import { checkPasswordResetLink, RESET_LINK_INVALID_MESSAGE } from '@/lib/auth/reset-password-with-token';
import { getAppContext } from '@/lib/context';
import { ResetForm } from './ResetForm';

// The token is in the address: no Referer carries it to another site.
export const metadata: Metadata = { title: 'Nuova password', referrer: 'no-referrer' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Opened from the mail's link. Looking does not use the link up (mail scanners fetch links too). */
export default async function NewPasswordPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const token = typeof sp.token === 'string' ? sp.token : '';
  const link = token ? await checkPasswordResetLink(getAppContext(), { token }) : null;
  return (
    <>
      <h1 className="h2 mb-4">Scegli una nuova password</h1>
      {link ? (
        <ResetForm token={token} email={link.email} />
      ) : (
        <>
          <Notice kind="error">{RESET_LINK_INVALID_MESSAGE}</Notice>
          <p>
            <Link href="/accedi/password-dimenticata">Chiedi un nuovo link</Link>
          </p>
        </>
      )}
      <p className="mt-4">
        <Link href="/accedi">Torna all’accesso</Link>
      </p>
    </>
  );
}
