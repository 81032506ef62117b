import { systemActor } from '../access/actor';
import { isAppError } from '../errors';
import { isSettingKey } from '../settings/defaults';
import { loadSettings } from '../settings/store';
import { updateSettings } from '../settings/update-settings';
import { importSubscribersCsv, IMPORT_COLUMNS } from '../subscriptions/import-csv';
import { alertsCommands } from './commands-alerts';
import { apiCommands } from './commands-api';
import { authCommands } from './commands-auth';
import { deliveryCommands } from './commands-delivery';
import { keysCommands } from './commands-keys';
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
      const report = await importSubscribersCsv(ctx, { actor: systemActor('cli'), csv: await io.readFile(file), source: file });
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
      if (!key || rest.length === 0) {
        io.out('Uso: settings:set <chiave> <valore>');
        return 2;
      }
      try {
        // The dashboard's use case: validated, audited, and read-only or unknown keys refused.
        await updateSettings(ctx, { actor: systemActor('cli'), changes: { [key]: parseValue(rest.join(' ')) } });
      } catch (e) {
        if (!isAppError(e)) throw e;
        const why = (e.details?.fieldErrors as Record<string, string[]> | undefined)?.[key]?.join(' ') ?? e.userMessage;
        io.out(`${key} non cambiata: ${why}`);
        return 1;
      }
      if (isSettingKey(key)) io.out(`${key} = ${JSON.stringify((await loadSettings(ctx.db, { fresh: true }))[key])}`);
      return 0;
    },
  },
  ...authCommands,
  ...alertsCommands,
  ...deliveryCommands,
  ...apiCommands,
  ...keysCommands,
};
