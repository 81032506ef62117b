import type { ZoneAudience } from '@/lib/alerts/count-audience-by-zone';
import { BarChart, type Bar } from './BarChart';
import { people } from './labels';

/** Chosen zones in the Comune's blue, the others grey, "no zone" green: each 3:1 or more on white. */
const CHOSEN = '#0066cc';
const OTHER = '#5c6f82';
const NO_ZONE = '#00844a';

/**
 * The audience zone by zone, next to the total: a bar per zone (the chosen ones in blue), and those
 * who chose no zone, whom every alert reaches. The same figures in a list for those who read.
 */
export function ZoneFigures({ audience, chosen }: { audience: ZoneAudience; chosen: string[] }) {
  if (audience.zones.length === 0) return null;
  const picked = new Set(chosen);
  const bars: Bar[] = [
    ...audience.zones.map((z) => ({ label: z.name, value: z.subscribers, color: picked.has(z.slug) ? CHOSEN : OTHER })),
    { label: 'Nessuna zona', value: audience.noZone, color: NO_ZONE },
  ];
  return (
    <details className="mt-3" open={chosen.length > 0}>
      <summary className="fw-semibold">Iscritti zona per zona</summary>
      <p className="small mt-2 mb-2">
        {chosen.length === 0
          ? 'Nessuna zona scelta: l’avviso va a tutto il Comune.'
          : `Con le zone scelte lo ricevono gli iscritti di quelle zone (in blu) e chi non ha scelto nessuna zona (${people(audience.noZone)}).`}{' '}
        Chi ha scelto più zone è contato in ognuna.
      </p>
      <BarChart id="chart-zones" title="Iscritti per zona" bars={bars} labelWidth={190} />
      <ul className="small mb-0" aria-label="Iscritti per zona">
        {audience.zones.map((z) => (
          <li key={z.slug}>
            {z.name}: {people(z.subscribers)}
            {picked.has(z.slug) ? ' (scelta)' : ''}
          </li>
        ))}
        <li>Nessuna zona (ricevono tutto): {people(audience.noZone)}</li>
      </ul>
    </details>
  );
}
