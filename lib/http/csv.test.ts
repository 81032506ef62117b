import { describe, expect, it } from 'vitest';
import { CSV_BOM, csvCell, csvDate, csvResponse, toCsv } from './csv';

describe('CSV writer', () => {
  it('neutralises spreadsheet formulas in text cells (= + - @ tab CR) with a leading quote', () => {
    expect(csvCell('=HYPERLINK("http://x.example","clic")')).toBe(`"'=HYPERLINK(""http://x.example"",""clic"")"`);
    expect(csvCell('+39 333 1234567')).toBe("'+39 333 1234567");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    expect(csvCell("=cmd|' /C calc'!A0")).toBe("'=cmd|' /C calc'!A0");
    // Not at the start: harmless text.
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('Via Roma - chiusa')).toBe('Via Roma - chiusa');
  });

  it('writes numbers as numbers (a negative number is no formula), booleans in Italian, dates in Rome time', () => {
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(1240)).toBe('1240');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(true)).toBe('sì');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(new Date('2026-12-03T13:05:00Z'))).toBe('2026-12-03 14:05');
    expect(csvDate(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02 00:30');
  });

  it('quotes separators, quotes, line breaks and surrounding spaces, doubling quotes', () => {
    expect(csvCell('uno; due')).toBe('"uno; due"');
    expect(csvCell('il "Comune"')).toBe('"il ""Comune"""');
    expect(csvCell('riga 1\nriga 2')).toBe('"riga 1\nriga 2"');
    expect(csvCell(' spazio')).toBe('" spazio"');
    expect(csvCell('virgola, ok')).toBe('virgola, ok');
    expect(csvCell('è già così')).toBe('è già così');
  });

  it('builds a file: BOM, ; separator, CRLF lines, rows as long as the header', () => {
    const csv = toCsv(
      ['Giorno', 'Nota'],
      [
        ['2026-12-01', '=1+1'],
        ['2026-12-02', 'Perché; sì'],
      ],
    );
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv).toBe(`${CSV_BOM}Giorno;Nota\r\n2026-12-01;'=1+1\r\n2026-12-02;"Perché; sì"\r\n`);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(() => toCsv(['a', 'b'], [['x']])).toThrow(/row 1 has 1 cells/);
  });

  it('answers as an uncached UTF-8 download with a safe file name', async () => {
    const r = csvResponse('rapporto "x"/../a.csv', toCsv(['a'], [['è']]));
    expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="rapporto__x__.._a.csv"');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(new Uint8Array(await r.arrayBuffer()).subarray(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });
});
