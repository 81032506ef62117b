import type { ImportReport } from '@/lib/subscribers/import-subscribers';

const n = (x: number) => x.toLocaleString('it-IT');

/**
 * What a preview or an import found: the counts, then every listed row error (Italian, with its
 * line). The error list has an id so the file field can point to it (aria-describedby).
 */
export function ImportSummary({ report, errorsId }: { report: ImportReport; errorsId: string }) {
  const preview = report.mode === 'preview';
  const unlisted = report.invalid - report.errors.length;
  return (
    <div>
      <dl className="row mb-3">
        <dt className="col-sm-5">Righe lette</dt>
        <dd className="col-sm-7">{n(report.rows)}</dd>
        <dt className="col-sm-5">{preview ? 'Da aggiungere' : report.written ? 'Aggiunti' : 'Aggiunti (nessuno: file rifiutato)'}</dt>
        <dd className="col-sm-7">{n(report.added)}</dd>
        <dt className="col-sm-5">Già iscritti (lasciati come sono)</dt>
        <dd className="col-sm-7">{n(report.alreadyPresent)}</dd>
        <dt className="col-sm-5">Usciti dal servizio (non vengono reiscritti)</dt>
        <dd className="col-sm-7">{n(report.optedOut)}</dd>
        <dt className="col-sm-5">Righe non valide</dt>
        <dd className="col-sm-7">{n(report.invalid)}</dd>
      </dl>
      {report.invalid > 0 ? (
        <div id={errorsId}>
          <h2 className="h5">Errori da correggere nel file</h2>
          <ul>
            {report.errors.map((e) => (
              <li key={`${e.line}-${e.message}`}>{e.message}</li>
            ))}
          </ul>
          {unlisted > 0 ? <p>… e altre {n(unlisted)} righe con errori.</p> : null}
        </div>
      ) : null}
    </div>
  );
}
