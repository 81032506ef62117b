import type { DeliveryEstimate } from '@/lib/alerts/estimate-delivery';
import type { RecipientCount } from '@/lib/delivery/recipients';
import { formatCount, people } from './labels';

/** The recipient count and the delivery estimate (compose panel and alert page). */
export function AudienceFigures({ count, estimate, urgent }: { count: RecipientCount; estimate: DeliveryEstimate; urgent: boolean }) {
  return (
    <>
      <p className="mb-2" data-testid="recipient-count">
        Lo riceveranno <strong className="big-number">{people(count.recipients)}</strong>
      </p>
      {!urgent && count.overWeeklyCap > 0 ? (
        <p className="small">
          Altre {people(count.overWeeklyCap)} seguono questi argomenti ma hanno già ricevuto il numero massimo di avvisi normali della settimana.
        </p>
      ) : null}
      <dl className="row mb-0">
        <dt className="col-sm-6">Tempo di invio</dt>
        <dd className="col-sm-6">{estimate.label}</dd>
        <dt className="col-sm-6">Velocità</dt>
        <dd className="col-sm-6">{formatCount(estimate.messagesPerSecond)} messaggi al secondo</dd>
        <dt className="col-sm-6">Limite giornaliero di WhatsApp</dt>
        <dd className="col-sm-6">
          {estimate.dailyLimit === null
            ? 'nessun limite'
            : `${people(estimate.dailyLimit)} al giorno (oggi ne restano ${formatCount(estimate.remainingToday ?? 0)})`}
        </dd>
        <dt className="col-sm-6">Costo stimato</dt>
        <dd className="col-sm-6">{estimate.costLabel}</dd>
      </dl>
    </>
  );
}
