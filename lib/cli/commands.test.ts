import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { commands, type CliIo } from './commands';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const run = async (name: string, args: string[], files: Record<string, string> = {}) => {
  const lines: string[] = [];
  const io: CliIo = { readFile: async (f) => files[f] ?? '', out: (l) => void lines.push(l) };
  return { code: await commands[name]!.run(ctx, args, io), lines };
};

const settingsAudit = () => ctx.db.auditLog.findMany({ where: { action: 'settings_change' }, orderBy: { id: 'asc' } });

describe('settings:set goes through updateSettings', () => {
  it('saves and audits a change as system:cli', async () => {
    expect(await run('settings:set', ['weeklyNormalCap', '5'])).toEqual({ code: 0, lines: ['weeklyNormalCap = 5'] });
    expect((await loadSettings(ctx.db, { fresh: true })).weeklyNormalCap).toBe(5);
    const audit = await settingsAudit();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: 'system:cli', target: 'weeklyNormalCap', details: { key: 'weeklyNormalCap', old: 3, new: 5 } });
    expect(await ctx.db.setting.findUniqueOrThrow({ where: { key: 'weeklyNormalCap' } })).toMatchObject({ updatedBy: 'system:cli' });
  });

  it('refuses the read-only launchedAt, an unknown key and a bad value, changing nothing', async () => {
    const before = await ctx.db.setting.findMany({ orderBy: { key: 'asc' } });
    const auditBefore = (await settingsAudit()).length;

    const launched = await run('settings:set', ['launchedAt', '"2026-01-01T00:00:00.000Z"']);
    expect(launched.code).toBe(1);
    expect(launched.lines).toEqual(['launchedAt non cambiata: Impostazione di sola lettura: la imposta l’avvio del servizio (service:launch).']);
    expect((await loadSettings(ctx.db, { fresh: true })).launchedAt).toBeNull();

    expect(await run('settings:set', ['velocita', '10'])).toEqual({ code: 1, lines: ['velocita non cambiata: Impostazione sconosciuta.'] });

    const bad = await run('settings:set', ['quietHoursStart', '25:00']);
    expect(bad).toEqual({ code: 1, lines: ['quietHoursStart non cambiata: formato HH:MM'] });

    expect(await run('settings:set', ['weeklyNormalCap'])).toEqual({ code: 2, lines: ['Uso: settings:set <chiave> <valore>'] });

    expect(await ctx.db.setting.findMany({ orderBy: { key: 'asc' } })).toEqual(before);
    expect(await settingsAudit()).toHaveLength(auditBefore);
  });
});

describe('subscribers:import goes through importSubscribers', () => {
  it('writes one audit entry with the counts and the file name, never a number or a name', async () => {
    const csv = [
      'phone,first_name,last_name,topics,consented_at',
      '+393331234501,Mariangela,Zanettin,,2025-01-10',
      '+393331234502,Gianfilippo,Bortolussi,,2025-01-11',
    ].join('\n');
    const r = await run('subscribers:import', ['iscritti-2025.csv'], { 'iscritti-2025.csv': csv });
    expect(r).toEqual({ code: 0, lines: ['Importati 2 iscritti; già presenti 0; usciti dal servizio e non reiscritti 0; righe non valide 0.'] });
    const audit = await ctx.db.auditLog.findMany({ where: { action: 'subscribers_import' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorEmail: 'system:cli', details: { source: 'iscritti-2025.csv', rows: 2, imported: 2, skipped: 0 } });
    const text = JSON.stringify({ ...audit[0], id: String(audit[0]!.id) });
    for (const secret of ['3331234501', '3331234502', 'Mariangela', 'Zanettin', 'Gianfilippo', 'Bortolussi']) expect(text).not.toContain(secret);

    const again = await run('subscribers:import', ['iscritti-2025.csv'], { 'iscritti-2025.csv': csv });
    expect(again.lines.at(-1)).toBe('Importati 0 iscritti; già presenti 2; usciti dal servizio e non reiscritti 0; righe non valide 0.');
    expect((await ctx.db.auditLog.findMany({ where: { action: 'subscribers_import' }, orderBy: { id: 'asc' } })).at(-1)?.details).toEqual({
      source: 'iscritti-2025.csv',
      rows: 2,
      imported: 0,
      skipped: 2,
      alreadyPresent: 2,
      optedOut: 0,
    });
  });

  it('streams a real file from disk and refuses one with a bad row, in Italian, importing nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-cli-import-'));
    const file = path.join(dir, 'elenco.csv');
    await writeFile(file, 'phone;first_name;last_name;topics;consented_at\r\n+393331234601;Ada;Lovelace;;2025-01-10\r\n3331;Bob;Rossi;;2025-01-10\r\n');
    const lines: string[] = [];
    const io: CliIo = { readFile: async () => '', openFile: (f) => createReadStream(f), out: (l) => void lines.push(l) };
    const before = await ctx.db.subscriber.count();
    expect(await commands['subscribers:import']!.run(ctx, [file], io)).toBe(1);
    expect(lines).toEqual([
      'Riga 3: numero non valido (serve un cellulare, es. 333 123 4567 o +39 333 123 4567)',
      'Nessun iscritto importato: correggi 1 riga e riprova.',
    ]);
    expect(await ctx.db.subscriber.count()).toBe(before);
    await rm(dir, { recursive: true, force: true });
  });
});

describe('options are read with node:util parseArgs', () => {
  it('refuses an unknown option with exit code 2 and the usage, doing nothing', async () => {
    expect(await run('service:launch', ['--senza-benvenuto'])).toEqual({
      code: 2,
      lines: ['Opzione sconosciuta: --senza-benvenuto.', 'Uso: service:launch [--no-welcome]'],
    });
    expect((await loadSettings(ctx.db, { fresh: true })).launchedAt).toBeNull();
    expect((await run('apikey:create', ['--nome', 'Sito'])).code).toBe(2);
    expect(await ctx.db.apiKey.count()).toBe(0);
  });
});
