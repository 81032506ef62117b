import { isSettingKey } from '../settings/defaults';
import { setSetting } from '../settings/store';
import { importSubscribersCsv, IMPORT_COLUMNS } from '../subscriptions/import-csv';
import { alertsCommands } from './commands-alerts';
import { apiCommands } from './commands-api';
import { authCommands } from './commands-auth';
import { deliveryCommands } from './commands-delivery';
import type { Command } from './command';

export type { CliIo, Command } from './command';


/** Values arrive as text: numbers and JSON are parsed, anything else stays a string. */
function parseValue(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false' || text === 'null' || /^[[{"]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export const commands: Record<string, Command> = {
  'subscribers:import': {
    help: `importa iscritti da un CSV (colonne ${IMPORT_COLUMNS.join(',')})`,
    async run(ctx, [file], io) {
      if (!file) {
        io.out('Indica il file: npm run cli -- subscribers:import iscritti.csv');
        return 2;
      }
      const report = await importSubscribersCsv(ctx, await io.readFile(file), file);
      for (const e of report.errors) io.out(`riga ${e.line}: ERRORE ${e.message}`);
      if (report.errors.length > 0) {
        io.out(`Nessun iscritto importato: correggi ${report.errors.length} righe e riprova.`);
        return 1;
      }
      for (const s of report.skipped) io.out(`riga ${s.line}: saltata (${s.message})`);
      io.out(`Importati ${report.imported} iscritti, saltati ${report.skipped.length}.`);
      return 0;
    },
  },
  'settings:set': {
    help: 'cambia un’impostazione, es. settings:set messagesPerSecond 1000',
    async run(ctx, [key, ...rest], io) {
      const text = rest.join(' ');
      if (!key || !isSettingKey(key) || rest.length === 0) {
        io.out(`Uso: settings:set <chiave> <valore>${key && !isSettingKey(key) ? ` (chiave sconosciuta: ${key})` : ''}`);
        return 2;
      }
      try {
        const saved = await setSetting(ctx.db, key, parseValue(text), 'cli');
        io.out(`${key} = ${JSON.stringify(saved)}`);
        return 0;
      } catch (e) {
        io.out(`Valore non valido per ${key}: ${(e as Error).message}`);
        return 1;
      }
    },
  },
  ...authCommands,
  ...alertsCommands,
  ...deliveryCommands,
  ...apiCommands,
};
