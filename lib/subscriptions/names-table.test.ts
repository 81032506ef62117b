/**
 * Names as people write them, from lib/subscriptions/testing/names-table.csv (built by hand).
 * Where the distributions come from:
 * - surnames: the most common surnames of the Veneto and of the Treviso / Conegliano area
 *   (Dal Col, Da Ros, De Nardi, Dalla Libera, Zanette, Tonon, … from the Wikipedia list of
 *   Venetian surnames and the telephone directory counts for the province of Treviso);
 * - first names: ISTAT's most frequent names given to newborns (2022) and of the resident
 *   population, including compound names (Maria Grazia, Gian Marco, Anna Maria);
 * - new citizens: common first names and surnames of the largest foreign communities in Italy
 *   (ISTAT 2023: Romania, Albania, Morocco, China, Ukraine), in Latin, Han and Cyrillic script;
 * - phrasing: "Iscrivimi X Y", greetings and thanks around the name, the name on the next line,
 *   lower case, all caps, surname first.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand } from './parse-command';

interface Row {
  message: string;
  firstName: string;
  lastName: string;
  source: string;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

const rows: Row[] = parseCsv(readFileSync(path.join(__dirname, 'testing/names-table.csv'), 'utf8'))
  .slice(1)
  .map(([message = '', firstName = '', lastName = '', source = '']) => ({ message, firstName, lastName, source }));

function recognised(row: Row): boolean {
  const command = parseCommand(row.message);
  return command.kind === 'subscribe' && command.name?.firstName === row.firstName && command.name.lastName === row.lastName;
}

const MUST_PASS = [
  'Iscrivimi Gualtiero Montebelluna',
  'Iscrivimi Paolo Rossi di Conegliano',
  'Buongiorno, iscrivimi. Mario Dal Col, grazie',
  'Salve vorrei iscrivermi sono Gianna Dal Col grazie mille',
  'Iscrivimi\nGianna Dal Col',
  'Iscrivimi Gianna Dal Col',
  'Iscrivimi Mario Re',
  'Iscrivimi Anna Bo',
  'Iscrivimi Anna Li',
  'Iscrivimi Luca Ho',
  'Iscrivimi Maria Ng',
  'Iscrivimi Wei Wu',
  'Iscrivimi Ming Xu',
  'Iscrivimi Mohamed El Amrani',
  'Iscrivimi Abdel Karim Ben Ali',
  'Iscrivimi Hu Jun',
  'Iscrivimi Zhang Wei',
  'Iscrivimi 张伟',
  'Iscrivimi Arben Hoxha',
  'Iscrivimi Ionuț Popescu',
  'Iscrivimi Олена Шевченко',
  'Iscrivimi Rossi Mario',
  'Iscrivimi Lucia Bianchi',
  'Iscrivimi Vittorio Zanin',
  'Iscrivimi Umberto Tonon',
  'Iscrivimi Mario Rossi di Vittorio Veneto',
  'Iscrivimi Anna Verdi da Santa Lucia di Piave',
];

describe('names table', () => {
  it('has at least 300 rows', () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
  });

  it('recognises at least 97% of the names', () => {
    const failed = rows.filter((row) => !recognised(row));
    const share = (100 * (rows.length - failed.length)) / rows.length;
    console.log(`names recognised: ${rows.length - failed.length}/${rows.length} (${share.toFixed(1)}%)`);
    for (const row of failed.slice(0, 20)) console.log('not recognised:', JSON.stringify(row.message), JSON.stringify(parseCommand(row.message)));
    expect(share).toBeGreaterThanOrEqual(97);
  });

  it.each(MUST_PASS)('must pass: %j', (message) => {
    const row = rows.find((r) => r.message === message);
    expect(row, 'row in the CSV').toBeDefined();
    if (row) expect(parseCommand(row.message)).toMatchObject({ kind: 'subscribe', name: { firstName: row.firstName, lastName: row.lastName } });
  });
});
