import Link from 'next/link';

/** Rendered with status 403 when a page or action calls forbidden() (lib/auth/guard.ts). */
export default function Forbidden() {
  return (
    <>
      <h1 className="h2">Accesso non consentito</h1>
      <p>Il tuo ruolo non permette di usare questa pagina. Se ti serve, chiedi a un amministratore.</p>
      <p>
        <Link href="/dashboard">Torna alla panoramica</Link>
      </p>
    </>
  );
}
