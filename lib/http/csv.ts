/**
 * CSV for people who open it in a spreadsheet (the council's office, the data protection officer).
 *
 * - Separator `;`: Excel with Italian regional settings (decimal comma) splits columns on `;` and
 *   would put a `,`-separated file in one column; LibreOffice asks and accepts either.
 * - UTF-8 with a byte-order mark, so Excel does not read "è" as "Ã¨"; lines end with CRLF (RFC 4180).
 * - A cell is quoted when it holds `;`, `"`, a line break, or spaces at its ends; quotes doubled.
 * - Formula injection (CWE-1236): a text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 *   return is prefixed with `'`, so the spreadsheet shows it as text instead of running it. Numbers
 *   are written as numbers (a negative number is not a formula); dates as "YYYY-MM-DD HH:MM" in
 *   Europe/Rome time.
 */
import { romeParts } from '../time/rome-time';

export const CSV_SEPARATOR = ';';
export const CSV_BOM = '\uFEFF';

export type CsvValue = string | number | boolean | Date | null | undefined;

const pad = (n: number) => String(n).padStart(2, '0');

export function csvDate(at: Date): string {
  const p = romeParts(at);
  return `${p.year}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'sì' : 'no';
  let text = value instanceof Date ? csvDate(value) : value;
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[;"\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The whole file: BOM, header, rows; every row as long as the header. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  const line = (cells: readonly CsvValue[]) => cells.map(csvCell).join(CSV_SEPARATOR);
  for (const [i, r] of rows.entries()) {
    if (r.length !== header.length) throw new Error(`CSV row ${i + 1} has ${r.length} cells, the header ${header.length}.`);
  }
  return CSV_BOM + [header, ...rows].map(line).join('\r\n') + '\r\n';
}

/** A download: never cached (the data changes, and it may be personal to the audit). */
export function csvResponse(filename: string, csv: string): Response {
  return new Response(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
