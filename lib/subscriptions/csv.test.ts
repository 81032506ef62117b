import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, parseCsv, readCsvRows } from './csv';

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, CRLF, BOM and semicolons', async () => {
    expect(await parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
    ]);
    expect((await parseCsv('a;b;c\n1;2;3')).map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps the starting line of each row across blank lines, CR endings and multi-line quoted fields', async () => {
    expect(await parseCsv('a,b\n\n"two\nlines",x\r\n  ,  \rc,d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['two\nlines', 'x'] },
      { line: 6, fields: ['c', 'd'] },
    ]);
  });

  it('refuses an unterminated quote instead of swallowing the rest of the file', async () => {
    const text = 'a,b\n"Mario,Rossi\n+393331110002,Anna\n+393331110003,Luca\n';
    await expect(parseCsv(text)).rejects.toThrow(CsvSyntaxError);
    await expect(parseCsv(text)).rejects.toThrow(/riga \d+: una virgoletta aperta qui non viene mai chiusa/);
  });

  it('refuses a stray quote in the middle of a field, naming its line', async () => {
    let caught: unknown;
    try {
      await parseCsv('a,b\n1,2\nx"y,3\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect((caught as CsvSyntaxError).line).toBe(3);
  });
});

describe('readCsvRows', () => {
  it('reads a file that arrives in pieces cut anywhere (inside a field, a quote, a UTF-8 character, a CRLF)', async () => {
    const text = '\uFEFFphone;name\r\n+393331110001;"Niccolò ""Nico"""\r\n+393331110002;Zoë\r\n';
    const bytes = new TextEncoder().encode(text);
    const pieces = Array.from({ length: bytes.length }, (_, i) => bytes.subarray(i, i + 1));
    const rows = [];
    for await (const r of readCsvRows(pieces)) rows.push(r);
    expect(rows).toEqual([
      { line: 1, fields: ['phone', 'name'] },
      { line: 2, fields: ['+393331110001', 'Niccolò "Nico"'] },
      { line: 3, fields: ['+393331110002', 'Zoë'] },
    ]);
  });
});
