'use client';

import { useRef, useState } from 'react';
import { Notice } from '@/components/dashboard/Notice';
import { ProgressBar } from '@/components/dashboard/alerts/ProgressBar';
import type { ImportReport } from '@/lib/subscribers/import-subscribers';
import type { ImportProgress } from '@/lib/subscribers/get-import-progress';
import { ImportSummary } from './ImportSummary';

type Phase =
  | { step: 'choose'; error?: string }
  | { step: 'checking' }
  | { step: 'previewed'; report: ImportReport }
  | { step: 'importing'; rows: number; progress: ImportProgress | null }
  | { step: 'done'; report: ImportReport }
  | { step: 'failed'; message: string; report?: ImportReport };

async function send(file: File, q: Record<string, string>): Promise<ImportReport> {
  const res = await fetch(`/api/dashboard/imports?${new URLSearchParams({ name: file.name, ...q })}`, {
    method: 'POST',
    body: file,
    headers: { 'content-type': 'text/csv' },
  });
  const body = (await res.json().catch(() => null)) as (ImportReport & { error?: { message: string } }) | null;
  if (!res.ok || !body || body.error) throw new Error(body?.error?.message ?? 'Importazione non riuscita: riprova.');
  return body;
}

/**
 * Upload, preview, confirm, progress. The file is read by the server as a stream twice: once to
 * check it (nothing written), once to import it after the confirmation (checked again: any bad row
 * and nothing is written). While it imports, the page polls the progress every half second.
 */
export function ImportForm({ maxMb }: { maxMb: number }) {
  const [phase, setPhase] = useState<Phase>({ step: 'choose' });
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const errorsId = 'import-errors';
  const fieldError = phase.step === 'choose' ? phase.error : undefined;
  const refused = (phase.step === 'previewed' || phase.step === 'failed') && (phase.report?.invalid ?? 0) > 0;
  const describedBy = ['import-file-help', fieldError ? 'import-file-error' : null, refused ? errorsId : null].filter(Boolean).join(' ');

  const check = async (e: React.FormEvent) => {
    e.preventDefault();
    const f = input.current?.files?.[0] ?? null;
    if (!f) return setPhase({ step: 'choose', error: 'Scegli un file CSV.' });
    if (f.size > maxMb * 2 ** 20) return setPhase({ step: 'choose', error: `Il file supera il limite di ${maxMb} MB: dividilo in più file.` });
    setFile(f);
    setPhase({ step: 'checking' });
    try {
      setPhase({ step: 'previewed', report: await send(f, { mode: 'preview' }) });
    } catch (err) {
      setPhase({ step: 'choose', error: (err as Error).message });
    }
  };

  const confirm = async (rows: number) => {
    if (!file) return;
    const id = crypto.randomUUID();
    setPhase({ step: 'importing', rows, progress: null });
    let polling = true;
    const poll = async () => {
      while (polling) {
        await new Promise((r) => setTimeout(r, 500));
        const res = await fetch(`/api/dashboard/imports/${id}`, { cache: 'no-store' }).catch(() => null);
        if (polling && res?.ok) {
          const progress = (await res.json()) as ImportProgress;
          setPhase((p) => (p.step === 'importing' ? { ...p, progress } : p));
        }
      }
    };
    void poll();
    try {
      const report = await send(file, { mode: 'import', id, rows: String(rows) });
      setPhase(
        report.written
          ? { step: 'done', report }
          : { step: 'failed', message: 'Il file è cambiato e ora ha righe non valide: nessun iscritto è stato importato.', report },
      );
    } catch (err) {
      setPhase({ step: 'failed', message: (err as Error).message });
    } finally {
      polling = false;
    }
  };

  const busy = phase.step === 'checking' || phase.step === 'importing';
  return (
    <>
      <form onSubmit={(e) => void check(e)} className="mb-4" aria-label="Scegli il file da importare">
        <div className="form-group">
          <label htmlFor="import-file" className="active">
            File CSV dell’elenco
          </label>
          <input
            ref={input}
            id="import-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            className={`form-control${fieldError || refused ? ' is-invalid' : ''}`}
            aria-describedby={describedBy}
            aria-invalid={fieldError || refused ? true : undefined}
            disabled={busy}
            onChange={() => setPhase({ step: 'choose' })}
          />
          <small id="import-file-help" className="form-text">
            Al massimo {maxMb} MB (circa 400.000 righe). Prima il file viene solo controllato: nulla viene importato finché non confermi.
          </small>
          {fieldError ? (
            <div id="import-file-error" className="text-danger small mt-1">
              {fieldError}
            </div>
          ) : null}
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy} aria-disabled={busy}>
          {phase.step === 'checking' ? 'Controllo in corso…' : 'Controlla il file'}
        </button>
      </form>

      <div aria-live="polite">
        {phase.step === 'previewed' ? (
          <section aria-labelledby="preview-title" className="mb-4">
            <h2 id="preview-title" className="h4">
              Controllo del file {file?.name}
            </h2>
            {phase.report.invalid > 0 ? (
              <Notice kind="error">
                Il file ha {phase.report.invalid.toLocaleString('it-IT')} righe non valide: correggile e scegli di nuovo il file. Nessun iscritto è stato
                importato. <a href={`#${errorsId}`}>Vai agli errori</a>
              </Notice>
            ) : (
              <Notice kind="info">Il file è corretto. Nulla è stato ancora importato: controlla i numeri e conferma.</Notice>
            )}
            <ImportSummary report={phase.report} errorsId={errorsId} />
            {phase.report.invalid === 0 ? (
              <button type="button" className="btn btn-primary" onClick={() => void confirm(phase.report.rows)}>
                Conferma: importa {phase.report.added.toLocaleString('it-IT')} iscritti
              </button>
            ) : null}
          </section>
        ) : null}
        {phase.step === 'importing' ? (
          <section aria-labelledby="progress-title" className="mb-4">
            <h2 id="progress-title" className="h4">
              Importazione in corso
            </h2>
            <ProgressBar
              id="import-progress"
              label="Avanzamento dell’importazione"
              percent={phase.rows > 0 ? ((phase.progress?.rowsDone ?? 0) / phase.rows) * 100 : 0}
              valueText={`${(phase.progress?.rowsDone ?? 0).toLocaleString('it-IT')} righe di ${phase.rows.toLocaleString('it-IT')}`}
            />
            <p>Non chiudere la pagina. Se qualcosa va storto non viene importato nessuno.</p>
          </section>
        ) : null}
        {phase.step === 'done' ? (
          <section aria-labelledby="done-title" className="mb-4">
            <h2 id="done-title" className="h4">
              Importazione completata
            </h2>
            <Notice kind="success">Importati {phase.report.added.toLocaleString('it-IT')} iscritti. L’importazione è registrata nel registro attività.</Notice>
            <ImportSummary report={phase.report} errorsId={errorsId} />
          </section>
        ) : null}
        {phase.step === 'failed' ? (
          <section aria-labelledby="failed-title" className="mb-4">
            <h2 id="failed-title" className="h4">
              Importazione non riuscita
            </h2>
            <Notice kind="error">{phase.message}</Notice>
            {phase.report ? <ImportSummary report={phase.report} errorsId={errorsId} /> : null}
          </section>
        ) : null}
      </div>
    </>
  );
}
