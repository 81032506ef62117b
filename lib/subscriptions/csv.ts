import type { Info } from 'csv-parse';
import { CsvError, parse } from 'csv-parse/sync';

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
  CSV_QUOTE_NOT_CLOSED: 'a quote opened here is never closed (the rest of the file would be read as one field)',
  INVALID_OPENING_QUOTE: 'a quote appears in the middle of a field: quote the whole field and double the quotes inside it',
  CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote in the same field',
};

/**
 * Reads a CSV file with csv-parse: quoted fields, doubled quotes, commas or semicolons (Excel in
 * Italy saves with ';': the header line decides), CRLF, LF or CR, a UTF-8 BOM. Blank lines are
 * skipped. Malformed quoting throws CsvSyntaxError with the line, so a file is never half read.
 */
export function parseCsv(text: string): CsvRow[] {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.slice(0, src.search(/\r?\n|\r|$/));
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  // With `info: true` each record comes as { record, info }; csv-parse's typings do not say so.
  let records: { record: string[]; info: Info }[];
  try {
    records = parse(src, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as typeof records;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as CsvError & { lines?: number }).lines ?? 1;
    throw new CsvSyntaxError(line, `not a valid CSV file at line ${line}: ${REASONS[e.code] ?? e.message}`);
  }
  return records
    .filter(({ record }) => record.some((f) => f.trim() !== ''))
    .map(({ record, info }) => ({
      // csv-parse counts the line where the record ends; a quoted field may span several lines.
      line: info.lines - record.reduce((n, f) => n + (f.match(/\r\n|\n|\r/g)?.length ?? 0), 0),
      fields: record,
    }));
}
