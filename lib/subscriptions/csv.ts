import { once } from 'node:events';
import type { Info } from 'csv-parse';
import { CsvError, parse } from 'csv-parse';

export interface CsvRow {
  /** 1-based line of the file where the row starts. */
  line: number;
  fields: string[];
}

/** A file that is not CSV (an unterminated quote, a stray quote): nothing of it may be imported. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'una virgoletta aperta qui non viene mai chiusa (il resto del file sarebbe letto come un solo campo)',
  INVALID_OPENING_QUOTE: 'una virgoletta in mezzo a un campo: racchiudi tutto il campo tra virgolette e raddoppia quelle interne',
  CSV_INVALID_CLOSING_QUOTE: 'c’è del testo dopo la virgoletta di chiusura nello stesso campo',
};

/** The header line decides: Excel in Italy saves with ';'. */
function delimiterOf(head: string): ',' | ';' {
  const firstLine = head.slice(0, head.search(/\r?\n|\r|$/));
  return (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/**
 * Reads a CSV file as a stream with csv-parse, one row at a time (memory does not grow with the
 * file): quoted fields, doubled quotes, commas or semicolons (the header line decides), CRLF, LF or
 * CR, a UTF-8 BOM. Blank lines are skipped. Malformed quoting throws CsvSyntaxError with the line
 * (Italian message), so a file is never half read.
 */
export async function* readCsvRows(source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>): AsyncGenerator<CsvRow> {
  const it = (async function* () {
    yield* source;
  })();
  const decoder = new TextDecoder('utf-8');
  const text = (v: Uint8Array | string) => (typeof v === 'string' ? v : decoder.decode(v, { stream: true }));
  let head = '';
  let ended = false;
  // Up to the first line break (or the end): enough to choose the delimiter.
  while (!/[\r\n]/.test(head)) {
    const r = await it.next();
    if (r.done) {
      ended = true;
      head += decoder.decode();
      break;
    }
    head += text(r.value);
  }
  head = head.replace(/^\uFEFF/, '');
  const parser = parse({
    delimiter: delimiterOf(head),
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  const feed = async () => {
    const write = async (s: string) => {
      if (s && !parser.write(s)) await once(parser, 'drain');
    };
    await write(head);
    while (!ended) {
      const r = await it.next();
      if (r.done) break;
      await write(text(r.value));
    }
    await write(decoder.decode());
    parser.end();
  };
  feed().catch((e: unknown) => parser.destroy(e instanceof Error ? e : new Error(String(e))));
  try {
    // With `info: true` each record comes as { record, info }; csv-parse's typings do not say so.
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      if (!record.some((f) => f.trim() !== '')) continue;
      // csv-parse counts the line where the record ends; a quoted field may span several lines.
      yield { line: info.lines - record.reduce((n, f) => n + (f.match(/\r\n|\n|\r/g)?.length ?? 0), 0), fields: record };
    }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 1;
    throw new CsvSyntaxError(line, `il file non è un CSV valido alla riga ${line}: ${REASONS[e.code] ?? e.message}`);
  } finally {
    parser.destroy();
    // Closes the source (a file stream) when the reader stops early; never waits for it.
    void it.return(undefined).catch(() => undefined);
  }
}

/** All rows of a CSV text (small files, tests): the same reader as the import. */
export async function parseCsv(text: string): Promise<CsvRow[]> {
  const rows: CsvRow[] = [];
  for await (const r of readCsvRows([text])) rows.push(r);
  return rows;
}
