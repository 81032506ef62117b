import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { withPreposition } from '@/components/public/italian';
import { getSiteSettings } from '@/components/public/site-data';
import { listPublicAlerts } from '@/lib/alerts/list-public-alerts';
import { getAppContext } from '@/lib/context';
import { AlertCard } from './AlertCard';
import { ARCHIVE_PAGE_SIZE, pageNumber } from './archive-data';
import { FeedLinks } from './FeedLinks';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Avvisi inviati' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The public archive: alerts sent and marked public, newest first, 10 a page (?pagina=N). */
export default async function ArchivePage({ searchParams }: { searchParams: Search }) {
  const s = await getSiteSettings();
  const requested = pageNumber((await searchParams).pagina);
  const list = await listPublicAlerts(getAppContext(), { page: requested, pageSize: ARCHIVE_PAGE_SIZE });
  const { page, totalPages } = list;
  if (page > totalPages) notFound();
  return (
    <>
      <h1 className="mb-3">Avvisi inviati</h1>
      <p className="lead">Gli avvisi inviati su WhatsApp {withPreposition('da', s.comuneName)} a chi è iscritto al servizio.</p>
      <FeedLinks />
      {list.items.length === 0 ? (
        <p className="mt-4">Non è ancora stato pubblicato nessun avviso.</p>
      ) : (
        <ul className="list-unstyled row g-4 mt-2" aria-label={`Avvisi, pagina ${page} di ${totalPages}`}>
          {list.items.map((a) => (
            <li key={a.id} className="col-12 col-lg-6">
              <AlertCard alert={a} />
            </li>
          ))}
        </ul>
      )}
      {totalPages > 1 ? (
        <nav className="pagination-wrapper mt-5" aria-label="Pagine dell’archivio">
          <ul className="pagination">
            {page > 1 ? (
              <li className="page-item">
                <Link className="page-link" href={page === 2 ? '/avvisi' : `/avvisi?pagina=${page - 1}`}>
                  Avvisi più recenti
                </Link>
              </li>
            ) : null}
            <li className="page-item">
              <span className="page-link" aria-current="page">
                Pagina {page} di {totalPages}
              </span>
            </li>
            {page < totalPages ? (
              <li className="page-item">
                <Link className="page-link" href={`/avvisi?pagina=${page + 1}`}>
                  Avvisi meno recenti
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
