import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Notice } from '@/components/dashboard/Notice';
import { currentStaffSession } from '@/lib/auth/guard';
import { LOGIN_MESSAGES } from '@/lib/auth/login-result';
import { safeNextPath } from '@/lib/auth/route-guard';
import { getEnv } from '@/lib/env';
import { LoginForm } from './LoginForm';

export const metadata: Metadata = { title: 'Accedi' };

/** Messages for ?error= (next-auth's endpoint and OIDC) and ?errore= (ours). */
const ERRORS: Record<string, string> = {
  sso: 'Il tuo account non è abilitato all’area redazione, o l’accesso unico non ha confermato la tua email. Chiedi a un amministratore di crearlo con la stessa email.',
  invalid: 'Email o password non corretti.',
  code_required: 'Inserisci anche il codice di verifica.',
  code_invalid: 'Codice di verifica non valido.',
  rate_limited: 'Troppi tentativi da questa connessione. Riprova tra qualche minuto.',
  ticket_expired: 'La verifica è scaduta. Inserisci di nuovo email e password.',
  temporary_expired: LOGIN_MESSAGES.temporaryExpired,
  busy: LOGIN_MESSAGES.busy,
  CredentialsSignin: 'Email o password non corretti.',
  AccessDenied: 'Il tuo account non è abilitato all’area redazione.',
  SessionRequired: 'Accedi per continuare.',
};
const GENERIC = 'Accesso non riuscito. Riprova; se il problema continua, contatta un amministratore.';

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === 'string' ? (sp[k] as string) : undefined);
  const next = safeNextPath(one('next') ?? one('callbackUrl')?.replace(/^https?:\/\/[^/]+/, ''));
  if (await currentStaffSession()) redirect(next);
  const code = one('errore') ?? one('error');
  const error = code ? (ERRORS[code] ?? GENERIC) : null;
  const oidc = getEnv().oidc;
  return (
    <>
      <h1 className="h2 mb-4">Accedi all’area redazione</h1>
      {one('uscito') ? <Notice kind="success">Sei uscito. Per rientrare, accedi di nuovo.</Notice> : null}
      {one('reimpostata') ? (
        <Notice kind="success">Password cambiata. Le sessioni aperte con il tuo account sono state chiuse: accedi con la nuova password.</Notice>
      ) : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <LoginForm next={next} />
      <p className="mt-3">
        <Link href="/accedi/password-dimenticata">Password dimenticata?</Link>
      </p>
      {oidc ? (
        <div className="mt-5 pt-4 border-top">
          <p>Oppure usa l’accesso del Comune:</p>
          <a className="btn btn-outline-primary w-100" href={`/accedi/sso?next=${encodeURIComponent(next)}`}>
            Accedi con {oidc.name}
          </a>
        </div>
      ) : null}
      <p className="small mt-5">Dopo alcuni tentativi sbagliati l’accesso viene sospeso per qualche minuto. Telefono perso? Chiedi a un amministratore.</p>
    </>
  );
}
