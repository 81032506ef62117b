import type { PlainLanguageReport as Report } from '@/lib/alerts/plain-language';
import { GULPEASE_EASY, GULPEASE_HARD, GULPEASE_PLAIN } from '@/lib/alerts/plain-language';

function readabilityLabel(index: number): string {
  if (index >= GULPEASE_EASY) return 'facile per quasi tutti';
  if (index >= GULPEASE_PLAIN) return 'comprensibile per chi ha la licenza media';
  if (index >= GULPEASE_HARD) return 'difficile per chi ha la licenza media';
  return 'difficile anche per chi ha un diploma';
}

/**
 * Advice for writing an alert everyone understands (lib/alerts/plain-language.ts). Only advice:
 * nothing here stops saving or sending. Announced politely to screen readers as it changes.
 */
export function PlainLanguageReport({ report, empty }: { report: Report; empty: boolean }) {
  return (
    <section aria-labelledby="plain-title" className="mb-4">
      <h2 id="plain-title" className="h5">
        Chiarezza del testo
      </h2>
      {empty ? (
        <p className="mb-0">Scrivi titolo e testo: qui troverai consigli per un avviso che tutti capiscano.</p>
      ) : (
        <div aria-live="polite">
          {report.gulpease !== null ? (
            <p className="mb-2">
              Leggibilità (indice Gulpease): <strong>{report.gulpease}</strong> su 100 — {readabilityLabel(report.gulpease)}.
              <span className="d-block small">Per un avviso rivolto a tutti punta ad almeno {GULPEASE_PLAIN}.</span>
            </p>
          ) : null}
          {report.advice.length > 0 ? (
            <ul className="ps-3 mb-0" aria-label="Consigli per la chiarezza (facoltativi)">
              {report.advice.map((a, i) => (
                <li key={`${a.code}-${i}`} data-advice={a.code}>
                  <strong>{a.severity === 'warning' ? 'Consiglio importante:' : 'Suggerimento:'}</strong> {a.message}
                </li>
              ))}
            </ul>
          ) : (
            <p className="mb-0">Nessun consiglio: il testo è chiaro.</p>
          )}
          <p className="small mt-2 mb-0">Sono solo consigli: puoi salvare e inviare comunque.</p>
        </div>
      )}
    </section>
  );
}
