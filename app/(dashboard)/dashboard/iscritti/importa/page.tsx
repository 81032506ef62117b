import type { Metadata } from 'next';
import Link from 'next/link';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { IMPORT_COLUMNS, IMPORT_MAX_BYTES } from '@/lib/subscribers/import-subscribers';
import { ImportForm } from './ImportForm';

export const metadata: Metadata = { title: 'Importa iscritti' };

/** Admins only: an existing broadcast list, through the same use case as `npm run cli -- subscribers:import`. */
export default async function ImportSubscribersPage() {
  await requireStaff('ADMIN');
  return (
    <>
      <PageTitle lead="Porta nel servizio un elenco di persone che hanno già dato il consenso a ricevere gli avvisi, ad esempio una vecchia lista broadcast.">
        Importa iscritti
      </PageTitle>
      <h2 className="h4">Com’è fatto il file</h2>
      <p>
        Un file CSV (separato da virgole o da punti e virgola, come lo salva Excel) con questa prima riga: <code>{IMPORT_COLUMNS.join(',')}</code>.
      </p>
      <ul>
        <li>
          <strong>phone</strong>: il cellulare, ad esempio 333 123 4567 o +39 333 123 4567;
        </li>
        <li>
          <strong>first_name</strong>, <strong>last_name</strong>: nome e cognome;
        </li>
        <li>
          <strong>topics</strong>: gli argomenti (es. <code>viabilita|urgenze</code>); vuoto = tutti gli argomenti attivi;
        </li>
        <li>
          <strong>consented_at</strong>: quando la persona ha dato il consenso, ad esempio 2025-03-01.
        </li>
      </ul>
      <p>
        Basta una riga non valida e non viene importato nessuno. Chi è già iscritto resta com’è; chi si è cancellato non viene reiscritto. Importare di nuovo lo
        stesso file non aggiunge nessuno.
      </p>
      <ImportForm maxMb={IMPORT_MAX_BYTES / 2 ** 20} />
      <p>
        <Link href="/dashboard/iscritti">Torna agli iscritti</Link>
      </p>
    </>
  );
}
