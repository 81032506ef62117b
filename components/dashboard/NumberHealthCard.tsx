import Link from 'next/link';
import { Notice } from '@/components/dashboard/Notice';
import type { NumberStatus } from '@/lib/delivery/get-number-status';

/**
 * The WhatsApp number as Meta reports it (quality, daily limit and where each comes from), and,
 * while Meta has it flagged or rated red, why normal alerts are waiting.
 */
export function NumberHealthCard({ status, compact = false, level = 2 }: { status: NumberStatus; compact?: boolean; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="numero-whatsapp" className="mb-4">
      <Heading id="numero-whatsapp" className={level === 2 ? 'h4' : 'h5'}>
        Il numero WhatsApp secondo Meta
      </Heading>
      {status.hold ? (
        <Notice kind="warning">
          <strong>Avvisi normali in attesa.</strong> {status.hold}
          {status.heldAlerts > 0 ? (
            <>
              {' '}
              In attesa ora: {status.heldAlerts} {status.heldAlerts === 1 ? 'avviso' : 'avvisi'} (<Link href="/dashboard/avvisi">vedi gli avvisi</Link>).
            </>
          ) : null}
        </Notice>
      ) : null}
      <dl className="row mb-0">
        <dt className="col-sm-4">Qualità del numero</dt>
        <dd className="col-sm-8">{status.quality}</dd>
        <dt className="col-sm-4">Limite giornaliero in uso</dt>
        <dd className="col-sm-8">{status.limit}</dd>
      </dl>
      {!compact && status.source === 'manual' ? (
        <p className="small">
          Finché Meta non si può leggere vale il valore «Destinatari al giorno» impostato qui sotto; appena Meta risponde vale il suo limite.
        </p>
      ) : null}
    </section>
  );
}
