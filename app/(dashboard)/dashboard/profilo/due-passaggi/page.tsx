import type { Metadata } from 'next';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaffSession } from '@/lib/auth/guard';
import { getTotpState } from '@/lib/auth/own-totp';
import { getAppContext } from '@/lib/context';
import { startTotpAction } from '../actions';
import { ConfirmTotpForm, DisableTotpForm } from './TotpForms';

export const metadata: Metadata = { title: 'Verifica in due passaggi' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Also the page where a user lands when an admin made TOTP mandatory and they have not set it up. */
export default async function TotpPage({ searchParams }: { searchParams: Search }) {
  const session = await requireStaffSession('VIEWER', { allowTotpSetup: true });
  const sp = await searchParams;
  const state = await getTotpState(getAppContext(), { actor: session.actor });
  return (
    <>
      <PageTitle lead="All’accesso, oltre alla password, ti chiediamo un codice che cambia ogni 30 secondi, generato da un’app sul tuo telefono.">
        Verifica in due passaggi
      </PageTitle>
      {session.totpSetupRequired ? (
        <Notice kind="warning">La verifica in due passaggi è obbligatoria per il tuo account: configurala per continuare.</Notice>
      ) : null}
      {sp.attivata ? <Notice kind="success">Verifica in due passaggi attiva. Dal prossimo accesso ti chiederemo il codice.</Notice> : null}
      {sp.disattivata ? <Notice kind="success">Verifica in due passaggi disattivata.</Notice> : null}

      {state.enabled ? (
        <section aria-labelledby="on-title">
          <h2 id="on-title" className="h4">
            È attiva
          </h2>
          {state.required ? (
            <p>È obbligatoria per tutti: non si può disattivare. Se cambi telefono, chiedi a un amministratore di azzerarla.</p>
          ) : (
            <>
              <p>Per disattivarla conferma con la tua password.</p>
              <DisableTotpForm />
            </>
          )}
        </section>
      ) : state.pending ? (
        <section aria-labelledby="setup-title">
          <h2 id="setup-title" className="h4">
            Collega l’app
          </h2>
          <ol>
            <li>Installa sul telefono un’app di autenticazione (ad esempio FreeOTP, Google Authenticator o Microsoft Authenticator).</li>
            <li>Nell’app scegli di aggiungere un account e inquadra questo codice QR.</li>
            <li>Scrivi qui sotto il codice di 6 cifre che l’app mostra.</li>
          </ol>
          <div className="row g-4 align-items-start">
            <div className="col-md-5">
              <div
                className="qr-code"
                role="img"
                aria-label="Codice QR da inquadrare con l’app di autenticazione"
                dangerouslySetInnerHTML={{ __html: state.pending.qrSvg }}
              />
              <p className="small mt-2">
                Non riesci a inquadrarlo? Inserisci a mano questa chiave:{' '}
                <code className="text-break">{state.pending.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
              </p>
            </div>
            <div className="col-md-7">
              <ConfirmTotpForm />
            </div>
          </div>
        </section>
      ) : (
        <form action={startTotpAction}>
          <button type="submit" className="btn btn-primary">
            Configura la verifica in due passaggi
          </button>
        </form>
      )}
    </>
  );
}
