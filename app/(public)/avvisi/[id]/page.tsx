import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { WhatsAppText } from '@/components/dashboard/alerts/WhatsAppText';
import { getPublicAlert } from '@/lib/alerts/list-public-alerts';
import { getAppContext } from '@/lib/context';
import { topicLabel } from '../AlertCard';
import { formatItalianDateTime } from '../archive-data';
import { FeedLinks } from '../FeedLinks';

export const dynamic = 'force-dynamic';

type Params = Promise<{ id: string }>;

// generateMetadata and the page ask for the same alert: one query per request.
const loadAlert = cache(async (id: string) => getPublicAlert(getAppContext(), id));

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const alert = await loadAlert((await params).id);
  return { title: alert ? alert.title : 'Avviso non trovato' };
}

/** One archived alert, as it was sent (WhatsApp formatting shown as bold/italic, never as HTML). */
export default async function ArchivedAlertPage({ params }: { params: Params }) {
  const alert = await loadAlert((await params).id);
  if (!alert) notFound();
  return (
    <article aria-labelledby="titolo-avviso">
      <p>
        <Link href="/avvisi">← Tutti gli avvisi</Link>
      </p>
      <div className="d-flex flex-wrap gap-2 align-items-center mb-2">
        {alert.urgent ? <span className="badge bg-danger">Urgente</span> : null}
        <span>{topicLabel(alert)}</span>
      </div>
      <h1 id="titolo-avviso" className="mb-3">
        {alert.title}
      </h1>
      <p>
        Inviato il <time dateTime={alert.publishedAt.toISOString()}>{formatItalianDateTime(alert.publishedAt)}</time>
      </p>
      <div className="lead mb-4" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
        <WhatsAppText text={alert.body} />
      </div>
      {alert.link ? (
        <p>
          Per saperne di più:{' '}
          <a href={alert.link} rel="noopener noreferrer" className="text-break">
            {alert.link}
          </a>
        </p>
      ) : null}
      <hr className="my-5" />
      <FeedLinks />
    </article>
  );
}
