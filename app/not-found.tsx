import type { Metadata } from 'next';
import Link from 'next/link';

export const metadata: Metadata = { title: 'Pagina non trovata' };

/** Rendered inside the root layout only (no database, so it also works when the app is unwell). */
export default function NotFound() {
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
