import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { WhatsAppText } from '@/components/dashboard/alerts/WhatsAppText';
import { getPublicAlert, isWithdrawn, type WithdrawnPublicAlert } from '@/lib/alerts/list-public-alerts';
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
  if (alert && isWithdrawn(alert)) return { title: 'Avviso ritirato', robots: { index: false } };
  return { title: alert ? alert.title : 'Avviso non trovato' };
}

/**
 * A withdrawn alert (lib/alerts/withdraw-alert.ts): its link may have been shared in a chat, so the
 * address still answers, with what a citizen needs — that the Comune withdrew it and when — and
 * neither its title nor its text (they may hold the mistake). Not indexed.
 */
function WithdrawnAlert({ alert }: { alert: WithdrawnPublicAlert }) {
  return (
    <article aria-labelledby="titolo-avviso">
      <p>
        <Link href="/avvisi">← Tutti gli avvisi</Link>
      </p>
      <h1 id="titolo-avviso" className="mb-3">
        Avviso ritirato
      </h1>
      <p className="lead">
        Il Comune ha ritirato questo avviso il <time dateTime={alert.withdrawnAt.toISOString()}>{formatItalianDateTime(alert.withdrawnAt)}</time>: il suo testo
        non è più pubblicato. Se l’avevi ricevuto su WhatsApp, non tenerne conto.
      </p>
      <hr className="my-5" />
      <FeedLinks />
    </article>
  );
}

/** One archived alert, as it was sent (WhatsApp formatting shown as bold/italic, never as HTML). */
export default async function ArchivedAlertPage({ params }: { params: Params }) {
  const alert = await loadAlert((await params).id);
  if (!alert) notFound();
  if (isWithdrawn(alert)) return <WithdrawnAlert alert={alert} />;
  return (
    <article aria-labelledby="titolo-avviso">
      <p>
        <Link href="/avvisi">← Tutti gli avvisi</Link>
      </p>
      <div className="d-flex flex-wrap gap-2 align-items-center mb-2">
        {alert.urgent ? <span className="badge bg-danger">Urgente</span> : null}
        {alert.corrects ? <span className="badge bg-warning text-dark">Rettifica</span> : null}
        <span>{topicLabel(alert)}</span>
      </div>
      <h1 id="titolo-avviso" className="mb-3">
        {alert.title}
      </h1>
      <p>
        Inviato il <time dateTime={alert.publishedAt.toISOString()}>{formatItalianDateTime(alert.publishedAt)}</time>
      </p>
      {alert.corrects ? (
        <p>
          Rettifica dell’avviso <Link href={`/avvisi/${alert.corrects.id}`}>{alert.corrects.title}</Link> del{' '}
          <time dateTime={alert.corrects.publishedAt.toISOString()}>{formatItalianDateTime(alert.corrects.publishedAt)}</time>.
        </p>
      ) : null}
      {alert.correctedBy.length > 0 ? (
        <div className="alert alert-warning" role="note">
          <p className="mb-1">
            <strong>Questo avviso è stato rettificato.</strong>
          </p>
          <ul className="mb-0">
            {alert.correctedBy.map((c) => (
              <li key={c.id}>
                <Link href={`/avvisi/${c.id}`}>{c.title}</Link>, del <time dateTime={c.publishedAt.toISOString()}>{formatItalianDateTime(c.publishedAt)}</time>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
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
