import type { MonthSpend } from '@/lib/stats';
import { formatNumber } from './format';

const eur = new Intl.NumberFormat('it-IT', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 });

const CATEGORY: Record<string, string> = { MARKETING: 'Marketing', UTILITY: 'Utility (servizio)', AUTHENTICATION: 'Autenticazione' };

/** The month's WhatsApp spend: templates by category and metered service replies (statistics page). */
export function MonthSpendTable({ spend }: { spend: MonthSpend }) {
  return (
    <section aria-labelledby="month-spend" className="mb-5">
      <h2 id="month-spend" className="h4">
        Spesa WhatsApp del mese ({spend.month})
      </h2>
      <div className="table-responsive" tabIndex={0} role="region" aria-labelledby="month-spend">
        <table className="table">
          <caption>
            {spend.source === 'meta'
              ? 'Dai dati di prezzo che Meta invia con gli esiti di consegna.'
              : 'Stima dai messaggi consegnati e dai prezzi nelle impostazioni (Meta non ha ancora inviato dati di prezzo questo mese).'}{' '}
            Prezzi validi dal {spend.pricesFrom}.
          </caption>
          <thead>
            <tr>
              <th scope="col">Voce</th>
              <th scope="col" className="text-end">
                Messaggi
              </th>
              <th scope="col" className="text-end">
                A pagamento
              </th>
              <th scope="col" className="text-end">
                Costo
              </th>
            </tr>
          </thead>
          <tbody>
            {spend.templates.map((l) => (
              <tr key={l.category}>
                <th scope="row">Modelli {CATEGORY[l.category] ?? l.category}</th>
                <td className="text-end">{formatNumber(l.messages)}</td>
                <td className="text-end">{formatNumber(l.charged)}</td>
                <td className="text-end">{eur.format(l.costEur)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Risposte di servizio (oltre le gratuite del mese)</th>
              <td className="text-end">{formatNumber(spend.service.replies)}</td>
              <td className="text-end">{formatNumber(spend.service.charged)}</td>
              <td className="text-end">{eur.format(spend.service.costEur)}</td>
            </tr>
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                Totale
              </th>
              <td className="text-end fw-bold">{eur.format(spend.totalEur)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
