import { systemActor } from '../access/actor';
import { isAppError } from '../errors';
import { isSettingKey } from '../settings/defaults';
import { loadSettings } from '../settings/store';
import { updateSettings } from '../settings/update-settings';
import { importSubscribers, IMPORT_COLUMNS } from '../subscribers/import-subscribers';
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
    help: `importa iscritti da un CSV (colonne ${IMPORT_COLUMNS.join(',')}); un errore in una riga e non si importa nulla`,
    async run(ctx, [file], io) {
      if (!file) {
        io.out('Indica il file: npm run cli -- subscribers:import iscritti.csv');
        return 2;
      }
      const source = io.openFile ? io.openFile(file) : [await io.readFile(file)];
      const report = await importSubscribers(ctx, { actor: systemActor('cli'), file: source, fileName: file, mode: 'import' });
      for (const e of report.errors) io.out(e.message);
      if (report.invalid > 0) {
        const unlisted = report.invalid - report.errors.length;
        if (unlisted > 0) io.out(`… e altre ${unlisted} righe con errori.`);
        io.out(`Nessun iscritto importato: correggi ${report.invalid} ${report.invalid === 1 ? 'riga' : 'righe'} e riprova.`);
        return 1;
      }
      io.out(
        `Importati ${report.added} iscritti; già presenti ${report.alreadyPresent}; usciti dal servizio e non reiscritti ${report.optedOut}; righe non valide 0.`,
      );
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
