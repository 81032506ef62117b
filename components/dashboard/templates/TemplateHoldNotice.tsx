import Link from 'next/link';
import type { TemplateHoldItem } from '@/lib/templates/list-template-holds';
import { formatRome } from '../format';

/**
 * The notice that a template Meta moved to MARKETING is held (home and templates page): what
 * happened, how many alerts wait, and where to decide.
 */
export function TemplateHoldNotice({ holds, link = true }: { holds: TemplateHoldItem[]; link?: boolean }) {
  if (holds.length === 0) return null;
  return (
    <div className="alert alert-danger" role="alert">
      <h2 className="h5">Un modello di messaggio aspetta una decisione</h2>
      <ul className="mb-2">
        {holds.map((h) => (
          <li key={`${h.name}/${h.language}`}>
            {h.cause === 'resubmitted' ? (
              <>
                «{h.name}» è stato ripresentato a Meta come UTILITY{h.resubmittedAt ? ` il ${formatRome(h.resubmittedAt)}` : ''} ed è in revisione (stato{' '}
                {h.status}).
              </>
            ) : (
              <>
                Meta ha spostato «{h.name}» da {h.previousCategory ?? 'UTILITY'} a <strong>MARKETING</strong>
                {h.categoryChangedAt ? ` il ${formatRome(h.categoryChangedAt)}` : ''}: costa di più e ha limiti per persona.
              </>
            )}{' '}
            {h.heldAlerts > 0 ? `Avvisi fermi in attesa: ${h.heldAlerts}.` : 'Il prossimo avviso resterà fermo finché non si decide.'}
          </li>
        ))}
      </ul>
      <p className="mb-0">
        Nulla viene inviato con questo modello finché un redattore o un amministratore non lo ripresenta come UTILITY o accetta la nuova categoria
        {link ? (
          <>
            {' '}
            nella pagina <Link href="/dashboard/modelli">Modelli WhatsApp</Link>
          </>
        ) : null}
        .
      </p>
    </div>
  );
}
