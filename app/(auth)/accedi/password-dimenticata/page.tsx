import type { Metadata } from 'next';
import Link from 'next/link';
import { Notice } from '@/components/dashboard/Notice';
import { PASSWORD_RESET_MS } from '@/lib/auth/policy';
import { getAppContext } from '@/lib/context';
import { ForgotForm } from './ForgotForm';

export const metadata: Metadata = { title: 'Password dimenticata' };

/**
 * Asks for the address and always answers the same (lib/auth/request-password-reset.ts). Without
 * SMTP settings nothing can be mailed: the page says so to everyone alike (a fact about the
 * installation, not about an address) and points to an administrator (docs/security.md).
 */
export default function ForgotPasswordPage() {
  const mail = getAppContext().mailEnabled === true;
  return (
    <>
      <h1 className="h2 mb-4">Password dimenticata</h1>
      {mail ? (
        <>
          <p>
            Scrivi l’indirizzo email del tuo account: ti mandiamo un link per scegliere una nuova password. Il link vale {PASSWORD_RESET_MS / 60_000} minuti e
            una volta sola.
          </p>
          <ForgotForm />
        </>
      ) : (
        <Notice kind="info">
          Su questo servizio l’invio di e-mail non è attivo, quindi la password non si può reimpostare da qui. Chiedi a un amministratore di impostarti una
          password temporanea: la cambierai al primo accesso.
        </Notice>
      )}
      <p className="mt-4">
        <Link href="/accedi">Torna all’accesso</Link>
      </p>
    </>
  );
}
