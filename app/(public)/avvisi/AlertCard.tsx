import Link from 'next/link';
import { parseWhatsAppFormatting, type FormatNode } from '@/lib/whatsapp/format';
import type { PublicAlert } from '@/lib/alerts/list-public-alerts';
import { formatItalianDateTime } from './archive-data';

const EXCERPT = 220;

const flatten = (nodes: FormatNode[]): string => nodes.map((n) => (typeof n === 'string' ? n : flatten(n.children))).join('');

/** Plain-text excerpt: WhatsApp formatting markers removed, cut at a word boundary. */
function excerpt(body: string): string {
  const plain = flatten(parseWhatsAppFormatting(body)).replace(/\s+/g, ' ').trim();
  if (plain.length <= EXCERPT) return plain;
  const cut = plain.lastIndexOf(' ', EXCERPT);
  return `${plain.slice(0, cut > 0 ? cut : EXCERPT)}…`;
}

export function topicLabel(a: Pick<PublicAlert, 'allTopics' | 'topics'>): string {
  return a.allTopics ? 'Tutti gli argomenti' : a.topics.map((t) => t.name).join(', ');
}

/** One alert in the archive list (Bootstrap Italia card); the title is the link. */
export function AlertCard({ alert }: { alert: PublicAlert }) {
  return (
    <article className="card card-bg h-100" aria-labelledby={`avviso-${alert.id}`}>
      <div className="card-body">
        <div className="category-top d-flex flex-wrap gap-2 align-items-center mb-2">
          {alert.urgent ? <span className="badge bg-danger">Urgente</span> : null}
          {alert.corrects ? <span className="badge bg-warning text-dark">Rettifica</span> : null}
          {alert.correctedBy.length > 0 ? <span className="badge bg-secondary">Rettificato</span> : null}
          <span className="category">{topicLabel(alert)}</span>
          <time className="data" dateTime={alert.publishedAt.toISOString()}>
            {formatItalianDateTime(alert.publishedAt)}
          </time>
        </div>
        <h2 className="card-title h5" id={`avviso-${alert.id}`}>
          <Link href={`/avvisi/${alert.id}`}>{alert.title}</Link>
        </h2>
        <p className="card-text">{excerpt(alert.body)}</p>
        {alert.corrects ? (
          <p className="card-text small">
            Rettifica di <Link href={`/avvisi/${alert.corrects.id}`}>{alert.corrects.title}</Link>
          </p>
        ) : null}
        {alert.correctedBy.map((c) => (
          <p className="card-text small" key={c.id}>
            Vedi la rettifica: <Link href={`/avvisi/${c.id}`}>{c.title}</Link>
          </p>
        ))}
      </div>
    </article>
  );
}
