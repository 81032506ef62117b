import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '@/lib/subscribers/import-subscribers';
import { ImportForm } from './ImportForm';
import { ImportSummary } from './ImportSummary';

/** The import page as the server renders it: the labelled file field, its limit, and a preview's errors. */
describe('the import page', () => {
  it('offers a labelled CSV file field that states the size limit and checks before importing', () => {
    const html = renderToStaticMarkup(createElement(ImportForm, { maxMb: 20 }));
    expect(html).toContain('<label for="import-file" class="active">File CSV dell’elenco</label>');
    expect(html).toContain('<input id="import-file" type="file" accept=".csv,text/csv" class="form-control" aria-describedby="import-file-help" name="file"/>');
    expect(html).toContain('Al massimo 20 MB');
    expect(html).toContain('>Controlla il file</button>');
    expect(html).not.toContain('Conferma');
  });

  it('lists every row error in Italian under a heading, with the counts, and counts the unlisted ones', () => {
    const report: ImportReport = {
      mode: 'preview',
      written: false,
      rows: 1200,
      added: 1190,
      alreadyPresent: 3,
      optedOut: 1,
      invalid: 6,
      errors: [
        { line: 12, message: 'Riga 12: numero non valido (serve un cellulare, es. 333 123 4567 o +39 333 123 4567)' },
        { line: 40, message: 'Riga 40: nome mancante' },
      ],
    };
    const html = renderToStaticMarkup(createElement(ImportSummary, { report, errorsId: 'import-errors' }));
    expect(html).toContain('<dt class="col-sm-5">Da aggiungere</dt><dd class="col-sm-7">1190</dd>'.replace('1190', (1190).toLocaleString('it-IT')));
    expect(html).toContain('<dt class="col-sm-5">Righe non valide</dt><dd class="col-sm-7">6</dd>');
    expect(html).toContain('<div id="import-errors"><h2 class="h5">Errori da correggere nel file</h2>');
    expect(html).toContain('<li>Riga 12: numero non valido');
    expect(html).toContain('<li>Riga 40: nome mancante</li>');
    expect(html).toContain('… e altre 4 righe con errori.');
  });

  it('shows no error list for a clean file', () => {
    const report: ImportReport = { mode: 'import', written: true, rows: 2, added: 2, alreadyPresent: 0, optedOut: 0, invalid: 0, errors: [] };
    const html = renderToStaticMarkup(createElement(ImportSummary, { report, errorsId: 'import-errors' }));
    expect(html).toContain('<dt class="col-sm-5">Aggiunti</dt>');
    expect(html).not.toContain('import-errors');
  });
});
