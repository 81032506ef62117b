import Link from 'next/link';
import type { ReactNode } from 'react';
import type { AlertView } from '@/lib/alerts/get-alert';
import { formatRome } from '../format';
import { formatCount, URGENCY_LABEL } from './labels';

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <dt className="col-sm-4">{term}</dt>
      <dd className="col-sm-8">{children}</dd>
    </>
  );
}

/** What an alert is, who wrote it and when it goes (or went), as a definition list. */
export function AlertFacts({ alert }: { alert: AlertView }) {
  const author = alert.createdBy ? alert.createdBy.name || alert.createdBy.email : alert.createdByApiKey ? 'Sistema esterno (chiave API)' : 'Sistema';
  return (
    <dl className="row mb-4">
      <Row term="Argomenti">{alert.allTopics ? 'Tutti gli argomenti' : alert.topics.map((t) => t.name).join(', ') || '—'}</Row>
      <Row term="Zone">{alert.zones.length === 0 ? 'Tutto il Comune' : `${alert.zones.map((z) => z.name).join(', ')} (e chi non ha scelto zone)`}</Row>
      <Row term="Urgenza">
        {URGENCY_LABEL[alert.urgency]}
        {alert.urgentReason ? <span className="d-block">Motivo: {alert.urgentReason}</span> : null}
      </Row>
      {alert.link ? (
        <Row term="Link">
          <span className="text-break">{alert.link}</span>
        </Row>
      ) : null}
      <Row term="Archivio pubblico">{alert.publicArchive ? 'Sì, dopo l’invio' : 'No'}</Row>
      <Row term="Scritto da">
        {author}, {formatRome(alert.createdAt)}
      </Row>
      {alert.approvedBy && alert.approvedAt ? (
        <Row term="Approvato da">
          {alert.approvedBy.name || alert.approvedBy.email}, {formatRome(alert.approvedAt)}
        </Row>
      ) : null}
      {alert.scheduledAt ? <Row term="Programmato per">{formatRome(alert.scheduledAt)}</Row> : null}
      {alert.releaseAt && (alert.status === 'SCHEDULED' || alert.status === 'PENDING_APPROVAL') ? (
        <Row term="Partenza prevista">
          {formatRome(alert.releaseAt)}
          {alert.heldForQuietHours ? <span className="d-block">Spostata alla fine delle ore di silenzio.</span> : null}
        </Row>
      ) : null}
      {alert.publishedAt ? <Row term="Invio iniziato">{formatRome(alert.publishedAt)}</Row> : null}
      {alert.completedAt ? <Row term="Invio completato">{formatRome(alert.completedAt)}</Row> : null}
      {alert.publishedAt ? <Row term="Destinatari">{formatCount(alert.recipientCount)}</Row> : null}
      {alert.cancelledAt ? <Row term="Annullato">{formatRome(alert.cancelledAt)}</Row> : null}
      {alert.duplicatedFromId ? (
        <Row term="Copia di">
          <Link href={`/dashboard/avvisi/${alert.duplicatedFromId}`}>un avviso precedente</Link>
        </Row>
      ) : null}
    </dl>
  );
}
