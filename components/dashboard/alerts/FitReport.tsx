import type { TemplateFit } from '@/lib/templates/template-fit';
import { formatCount } from './labels';

/**
 * Lengths against the template's limits and everything Meta would refuse or change, before sending.
 * "Empty field" errors are left to the fields themselves (shown when saving), not repeated here.
 */
export function FitReport({
  fit,
  titleLength,
  titleMax,
  hideEmpty,
}: {
  fit: TemplateFit;
  titleLength: number;
  titleMax: number;
  hideEmpty: { title: boolean; body: boolean };
}) {
  const errors = fit.errors.filter((e) => !(e.field === 'title' && hideEmpty.title) && !(e.field === 'body' && hideEmpty.body));
  const over = fit.charCount > fit.charLimit;
  return (
    <section aria-labelledby="fit-title" className="mb-4">
      <h2 id="fit-title" className="h5">
        Lunghezza e controlli
      </h2>
      <ul className="list-unstyled mb-2">
        <li>
          Titolo: <strong>{formatCount(titleLength)}</strong> di {formatCount(titleMax)} caratteri
        </li>
        <li className={over ? 'text-danger fw-semibold' : undefined}>
          Messaggio completo: <strong>{formatCount(fit.charCount)}</strong> di {formatCount(fit.charLimit)} caratteri
          <span className="d-block small">compreso il testo fisso del modello WhatsApp</span>
        </li>
      </ul>
      {errors.length + fit.warnings.length > 0 ? (
        <ul className="ps-3" aria-label="Problemi da controllare prima dell’invio">
          {errors.map((e) => (
            <li key={`e-${e.message}`} className="text-danger">
              <strong>Da correggere:</strong> {e.message}
            </li>
          ))}
          {fit.warnings.map((w) => (
            <li key={`w-${w.message}`}>
              <strong>Attenzione:</strong> {w.message}
            </li>
          ))}
        </ul>
      ) : hideEmpty.title || hideEmpty.body ? (
        <p className="mb-0">Scrivi titolo e testo: qui vedrai se WhatsApp accetterà il messaggio.</p>
      ) : (
        <p className="mb-0">Nessun problema: WhatsApp accetterà il messaggio così com’è.</p>
      )}
    </section>
  );
}
