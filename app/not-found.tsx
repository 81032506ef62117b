import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';

export const metadata: Metadata = { title: 'Pagina non trovata' };

/**
 * Rendered inside the root layout only (no database, so it also works when the app is unwell).
 * Per request, not prerendered: a static page would carry no CSP nonce and its scripts would be
 * refused (lib/http/csp.ts).
 */
export default async function NotFound() {
  await connection();
  return (
    <main id="main-content" tabIndex={-1} className="container py-5">
      <h1>Pagina non trovata</h1>
      <p className="lead">L’indirizzo non corrisponde a nessuna pagina. Forse il collegamento è incompleto.</p>
      <Link className="btn btn-primary" href="/">
        Vai alla pagina principale
      </Link>
    </main>
  );
}
