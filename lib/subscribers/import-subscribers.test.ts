import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { createTestContext, type TestContext } from '../testing/test-context';
import { IMPORT_BATCH, importSubscribers, type ImportInput } from './import-subscribers';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const header = 'phone,first_name,last_name,topics,consented_at';
const actor = systemActor('test');
const run = (csv: string, mode: ImportInput['mode'], more: Partial<ImportInput> = {}) =>
  importSubscribers(ctx, { actor, file: [csv], fileName: 'lista.csv', mode, ...more });
const imports = () => ctx.db.auditLog.findMany({ where: { action: 'subscribers_import' }, orderBy: { id: 'asc' } });
const phone = (i: number) => `+39333${String(2_000_000 + i).padStart(7, '0')}`;

describe('importSubscribers', () => {
  it('previews every bad row with its line in Italian and writes nothing, in either mode', async () => {
    const csv = [
      header,
      '+393331110001,Mario,Rossi,viabilita,2025-01-10',
      '12345,Anna,Bianchi,,2025-01-10',
      '+393331110003,Luca,Verdi,parcheggi,2025-01-10',
      '+393331110004,Sara,Neri,,domani',
      '+393331110001,Mario,Rossi,,2025-01-10',
      '+393331110006,,Rossi,,2025-01-10',
    ].join('\n');
    const before = { subs: await ctx.db.subscriber.count(), ledger: await ctx.db.consentEvent.count(), audit: (await imports()).length };
    const preview = await run(csv, 'preview');
    expect(preview).toMatchObject({ mode: 'preview', written: false, rows: 6, added: 1, invalid: 5 });
    expect(preview.errors.map((e) => e.message)).toEqual([
      'Riga 3: numero non valido (serve un cellulare, es. 333 123 4567 o +39 333 123 4567)',
      expect.stringMatching(/^Riga 4: argomenti sconosciuti: parcheggi \(quelli attivi: /),
      expect.stringMatching(/^Riga 5: data del consenso «domani» non valida/),
      'Riga 6: stesso numero della riga 2',
      'Riga 7: nome mancante',
    ]);
    const refused = await run(csv, 'import');
    expect(refused).toMatchObject({ mode: 'import', written: false, added: 0, invalid: 5 });
    expect(refused.errors).toEqual(preview.errors);
    expect(await ctx.db.subscriber.count()).toBe(before.subs);
    expect(await ctx.db.consentEvent.count()).toBe(before.ledger);
    expect(await imports()).toHaveLength(before.audit);
  });

  it('refuses a wrong header, an empty file and a broken quote, naming the line', async () => {
    expect((await run('telefono,nome\n+393331110001,Mario', 'preview')).errors).toEqual([
      { line: 1, message: 'Riga 1: l’intestazione deve essere esattamente: phone,first_name,last_name,topics,consented_at' },
    ]);
    expect((await run('', 'preview')).errors).toEqual([{ line: 1, message: 'Riga 1: il file è vuoto' }]);
    expect((await run(`${header}\n`, 'import')).errors).toEqual([{ line: 1, message: 'Riga 1: il file non ha righe dopo l’intestazione' }]);
    const broken = [header, '+393331110101,Mario,Rossi,,2025-01-10', '"+393331110102,Anna,Bianchi,,2025-01-10', '+393331110103,Luca,Verdi,,2025-01-10'].join(
      '\n',
    );
    const r = await run(broken, 'import');
    expect(r.written).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.message).toMatch(/^Riga \d: il file non è un CSV valido alla riga \d: una virgoletta aperta qui non viene mai chiusa/);
    expect(await ctx.db.subscriber.count({ where: { phoneHmac: ctx.cipher.hmac('+393331110101') } })).toBe(0);
  });

  it('leaves nothing half-imported when a bad row comes after several written batches', async () => {
    const lines = [header];
    for (let i = 0; i < IMPORT_BATCH * 2 + 10; i++) lines.push(`${phone(i)},Anna,Bianchi,,2025-01-10`);
    lines.push('333,Luca,Verdi,,2025-01-10');
    const before = await ctx.db.subscriber.count();
    const ledger = await ctx.db.consentEvent.count();
    const r = await run(lines.join('\n'), 'import', { progress: { id: '00000000-0000-4000-8000-00000000a001', expectedRows: lines.length - 1 } });
    expect(r).toMatchObject({ written: false, added: 0, invalid: 1, rows: IMPORT_BATCH * 2 + 11 });
    expect(r.errors).toEqual([{ line: lines.length, message: expect.stringContaining('numero non valido') }]);
    expect(await ctx.db.subscriber.count()).toBe(before);
    expect(await ctx.db.consentEvent.count()).toBe(ledger);
    expect(await ctx.db.subscriberImport.findUniqueOrThrow({ where: { id: '00000000-0000-4000-8000-00000000a001' } })).toMatchObject({
      status: 'REFUSED',
      added: 0,
      invalid: 1,
      rowsDone: IMPORT_BATCH * 2 + 11,
    });
  });

  it('imports a clean file encrypted, with topics, a consent record and one audit entry; re-importing adds nobody', async () => {
    const left = '+393331110009';
    await ctx.db.subscriber.create({
      data: { phoneHmac: ctx.cipher.hmac(left), status: 'UNSUBSCRIBED', source: 'WHATSAPP', unsubscribedAt: new Date('2026-01-02') },
    });
    const pending = '+393331110008';
    await ctx.db.subscriber.create({ data: { phoneHmac: ctx.cipher.hmac(pending), status: 'PENDING', source: 'WEB', confirmationCode: '123456' } });
    const csv = [
      header,
      '333 111 0001,Niccolò,"D\'Annunzio",viabilita|urgenze,2025-01-10T09:00:00Z',
      '+393331110002,Anna,De Luca,,2025-02-01',
      `${left},Ex,Iscritto,,2025-02-01`,
      `${pending},Pia,Gallo,urgenze,2025-02-01`,
    ].join('\r\n');
    const preview = await run(csv, 'preview');
    expect(preview).toMatchObject({ written: false, rows: 4, added: 3, alreadyPresent: 0, optedOut: 1, invalid: 0, errors: [] });
    expect(await ctx.db.subscriber.count({ where: { source: 'IMPORT' } })).toBe(0);

    const id = '00000000-0000-4000-8000-00000000a002';
    const report = await run(csv, 'import', { progress: { id, expectedRows: 4 } });
    expect(report).toMatchObject({ written: true, rows: 4, added: 3, alreadyPresent: 0, optedOut: 1, invalid: 0 });
    const mario = await ctx.db.subscriber.findUniqueOrThrow({
      where: { phoneHmac: ctx.cipher.hmac('+393331110001') },
      include: { topics: { include: { topic: true } } },
    });
    expect(mario).toMatchObject({ status: 'ACTIVE', source: 'IMPORT' });
    expect(mario.phoneEnc).toMatch(/^v2\./);
    expect(ctx.cipher.decrypt(mario.phoneEnc!)).toBe('+393331110001');
    expect(ctx.cipher.decrypt(mario.lastNameEnc!)).toBe("D'Annunzio");
    expect(mario.topics.map((t) => t.topic.slug).sort()).toEqual(['urgenze', 'viabilita']);
    const anna = await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac('+393331110002') }, include: { topics: true } });
    expect(anna.topics).toHaveLength(await ctx.db.topic.count({ where: { active: true } }));
    const pia = await ctx.db.subscriber.findUniqueOrThrow({
      where: { phoneHmac: ctx.cipher.hmac(pending) },
      include: { topics: { include: { topic: true } } },
    });
    expect(pia).toMatchObject({ status: 'ACTIVE', source: 'IMPORT', confirmationCode: null });
    expect(pia.topics.map((t) => t.topic.slug)).toEqual(['urgenze']);
    expect(await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac(left) } })).toMatchObject({
      status: 'UNSUBSCRIBED',
      phoneEnc: null,
    });
    const consent = await ctx.db.consentEvent.findFirstOrThrow({ where: { phoneHmac: mario.phoneHmac! } });
    expect(consent).toMatchObject({ action: 'OPT_IN', channel: 'IMPORT' });
    expect(consent.evidence).toBe('import lista.csv line 2; consent given 2025-01-10T09:00:00.000Z');
    expect(await ctx.db.consentEvent.count({ where: { channel: 'IMPORT' } })).toBe(3);
    const audit = (await imports()).at(-1)!;
    expect(audit).toMatchObject({
      actorEmail: 'system:test',
      details: { source: 'lista.csv', rows: 4, imported: 3, skipped: 1, alreadyPresent: 0, optedOut: 1 },
    });
    expect(await ctx.db.subscriberImport.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'DONE',
      actor: 'system:test',
      fileName: 'lista.csv',
      rowsTotal: 4,
      rowsDone: 4,
      added: 3,
      optedOut: 1,
    });

    const subscribers = await ctx.db.subscriber.count();
    const again = await run(csv, 'import');
    expect(again).toMatchObject({ written: true, added: 0, alreadyPresent: 3, optedOut: 1, invalid: 0 });
    expect(await ctx.db.subscriber.count()).toBe(subscribers);
    expect(await ctx.db.consentEvent.count({ where: { channel: 'IMPORT' } })).toBe(3);
    expect((await imports()).at(-1)!.details).toMatchObject({ imported: 0, skipped: 4, alreadyPresent: 3 });
    await expect(run(csv, 'import', { progress: { id } })).rejects.toThrow(/già stata avviata/);
  });

  it('is for admins only', async () => {
    const editor = { kind: 'staff' as const, id: '00000000-0000-4000-8000-000000000e01', email: 'e@example.org', name: 'E', role: 'EDITOR' as const };
    await expect(importSubscribers(ctx, { actor: editor, file: [`${header}\n`], fileName: 'x.csv', mode: 'preview' })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });
});
