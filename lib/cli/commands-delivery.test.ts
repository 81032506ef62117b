import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { commands } from './commands';

let ctx: TestContext;
let lines: string[];
const io = { readFile: async () => '', out: (l: string) => void lines.push(l) };
const run = (name: string, ...args: string[]) => {
  lines = [];
  return commands[name]!.run(ctx, args, io);
};

beforeAll(async () => {
  ctx = await createTestContext();
});

afterAll(async () => {
  await ctx.close();
});

describe('delivery settings from the CLI (npm run cli -- settings:set …)', () => {
  it('sets messagesPerSecond, up to Meta’s 1,000', async () => {
    expect(await run('settings:set', 'messagesPerSecond', '1000')).toBe(0);
    expect(lines).toEqual(['messagesPerSecond = 1000']);
    expect((await loadSettings(ctx.db, { fresh: true })).messagesPerSecond).toBe(1000);
    expect(await run('settings:set', 'messagesPerSecond', '5000')).toBe(1);
    expect((await loadSettings(ctx.db, { fresh: true })).messagesPerSecond).toBe(1000);
  });

  it('sets dailyRecipientLimit to unlimited or a number', async () => {
    expect(await run('settings:set', 'dailyRecipientLimit', 'unlimited')).toBe(0);
    expect(lines).toEqual(['dailyRecipientLimit = "unlimited"']);
    expect((await loadSettings(ctx.db, { fresh: true })).dailyRecipientLimit).toBe('unlimited');
    expect(await run('settings:set', 'dailyRecipientLimit', '2000')).toBe(0);
    expect((await loadSettings(ctx.db, { fresh: true })).dailyRecipientLimit).toBe(2000);
    expect(await run('settings:set', 'dailyRecipientLimit', 'tanti')).toBe(1);
    expect((await loadSettings(ctx.db, { fresh: true })).dailyRecipientLimit).toBe(2000);
  });

  it('shows the sender’s state with delivery:status', async () => {
    expect(await run('delivery:status')).toBe(0);
    expect(lines).toContain('Velocità massima: 1000 messaggi al secondo (messagesPerSecond)');
    expect(lines).toContain('Limite giornaliero di WhatsApp: 2000 persone nelle ultime 24 ore, già raggiunte 0, restano 2000');
    // No read from Meta yet: the manual setting is in use, and says so.
    expect(lines).toContain('Limite giornaliero in uso: 2000 persone in 24 ore (impostazione manuale dailyRecipientLimit: Meta non è ancora stato letto)');
    expect(lines).toContain('Qualità del numero: non nota (mai letta da Meta)');
    expect(lines).toContain('Nessun avviso in invio.');
  });
});
