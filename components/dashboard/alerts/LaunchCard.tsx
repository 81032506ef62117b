import Link from 'next/link';
import type { LaunchProgress } from '@/lib/stats/get-launch-progress';
import { formatRome } from '../format';
import { formatCount } from './labels';
import { ProgressBar } from './ProgressBar';

/**
 * Progress toward the launch threshold, for any dashboard page (`compact` links to the full
 * panel on /dashboard/lancio). Before the launch only test sends are allowed, so it says so.
 */
export function LaunchCard({ progress, compact = false }: { progress: LaunchProgress; compact?: boolean }) {
  const { activeSubscribers, threshold, percent, reached, launchedAt } = progress;
  const valueText = `${formatCount(activeSubscribers)} iscritti attivi su ${formatCount(threshold)} (${percent}%)`;
  return (
    <section className="card card-bg shadow-sm mb-4" aria-labelledby="launch-card-title">
      <div className="card-body">
        <h2 id="launch-card-title" className={compact ? 'h5 card-title' : 'h4 card-title'}>
          {launchedAt ? 'Servizio avviato' : 'Verso l’avvio del servizio'}
        </h2>
        {launchedAt ? (
          <p className="mb-0">
            Avviato {formatRome(launchedAt)}. Iscritti attivi oggi: <strong>{formatCount(activeSubscribers)}</strong>.
          </p>
        ) : (
          <>
            <ProgressBar id="launch-progress" label="Iscritti verso la soglia di avvio" percent={percent} valueText={valueText} />
            <p className="mb-2">
              {reached
                ? 'La soglia è raggiunta: un amministratore può avviare il servizio.'
                : `Mancano ${formatCount(threshold - activeSubscribers)} iscritti alla soglia. Fino all’avvio si possono inviare solo messaggi di prova.`}
            </p>
            {compact ? <Link href="/dashboard/lancio">Vai all’avvio del servizio</Link> : null}
          </>
        )}
      </div>
    </section>
  );
}
