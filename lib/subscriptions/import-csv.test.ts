import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { createTestContext, type TestContext } from '../testing/test-context';
import { CsvSyntaxError, parseCsv } from './csv';
import { importSubscribersCsv } from './import-csv';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const header = 'phone,first_name,last_name,topics,consented_at';

describe('parseCsv', () => {
  it('reads quotes, doubled quotes, CRLF, BOM and semicolons', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
    ]);
    expect(parseCsv('a;b;c\n1;2;3').map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps the starting line of each row across blank lines, CR endings and multi-line quoted fields', () => {
    expect(parseCsv('a,b\n\n"two\nlines",x\r\n  ,  \rc,d\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['two\nlines', 'x'] },
      { line: 6, fields: ['c', 'd'] },
    ]);
  });

  it('refuses an unterminated quote instead of swallowing the rest of the file', () => {
    const text = 'a,b\n"Mario,Rossi\n+393331110002,Anna\n+393331110003,Luca\n';
    expect(() => parseCsv(text)).toThrow(CsvSyntaxError);
    expect(() => parseCsv(text)).toThrow(/line \d+: a quote opened here is never closed/);
  });

  it('refuses a stray quote in the middle of a field, naming its line', () => {
    let caught: unknown;
    try {
      parseCsv('a,b\n1,2\nx"y,3\n');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect((caught as CsvSyntaxError).line).toBe(3);
  });
});

describe('importSubscribersCsv', () => {
  it('imports nothing from a file with an unterminated quote, and says where it is', async () => {
    const csv = [header, '+393331110101,Mario,Rossi,,2025-01-10', '"+393331110102,Anna,Bianchi,,2025-01-10', '+393331110103,Luca,Verdi,,2025-01-10'].join('\n');
    const before = await ctx.db.subscriber.count();
    const report = await importSubscribersCsv(ctx, { actor: systemActor('test'), csv, source: 'rotto.csv' });
    expect(report.imported).toBe(0);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]!.message).toMatch(/never closed/);
    expect(await ctx.db.subscriber.count()).toBe(before);
  });

  it('imports nothing when one row is bad, and reports every bad row with its line', async () => {
    const csv = [
      header,
      '+393331110001,Mario,Rossi,viabilita,2025-01-10',
      '12345,Anna,Bianchi,,2025-01-10',
      '+393331110003,Luca,Verdi,parcheggi,2025-01-10',
      '+393331110004,Sara,Neri,,domani',
      '+393331110001,Mario,Rossi,,2025-01-10',
    ].join('\n');
    const report = await importSubscribersCsv(ctx, { actor: systemActor('test'), csv, source: 'lista.csv' });
    expect(report.imported).toBe(0);
    expect(report.errors.map((e) => e.line)).toEqual([3, 4, 5, 6]);
    expect(report.errors[1]!.message).toContain('unknown topics: parcheggi');
    expect(report.errors[3]!.message).toContain('same phone as line 2');
    expect(await ctx.db.subscriber.count()).toBe(0);
  });

  it('refuses a wrong header', async () => {
    const report = await importSubscribersCsv(ctx, { actor: systemActor('test'), csv: 'telefono,nome\n+393331110001,Mario', source: 'x.csv' });
    expect(report.errors).toEqual([{ line: 1, message: expect.stringContaining('header must be exactly') }]);
  });

  it('imports a clean file, encrypted, with topics and a consent record; skips the active and those who left', async () => {
    const left = '+393331110009';
    await ctx.db.subscriber.create({
      data: { phoneHmac: ctx.cipher.hmac(left), status: 'UNSUBSCRIBED', source: 'WHATSAPP', unsubscribedAt: new Date('2026-01-02') },
    });
    const csv = [
      header,
      '333 111 0001,Niccolò,"D\'Annunzio",viabilita|urgenze,2025-01-10T09:00:00Z',
      '+393331110002,Anna,De Luca,,2025-02-01',
      `${left},Ex,Iscritto,,2025-02-01`,
    ].join('\r\n');
    const report = await importSubscribersCsv(ctx, { actor: systemActor('test'), csv, source: 'lista.csv' });
    expect(report.errors).toEqual([]);
    expect(report.imported).toBe(2);
    expect(report.skipped).toEqual([{ line: 4, message: 'left the service on 2026-01-02: not re-subscribed' }]);
    const mario = await ctx.db.subscriber.findUniqueOrThrow({
      where: { phoneHmac: ctx.cipher.hmac('+393331110001') },
      include: { topics: { include: { topic: true } } },
    });
    expect(mario.status).toBe('ACTIVE');
    expect(mario.source).toBe('IMPORT');
    expect(ctx.cipher.decrypt(mario.lastNameEnc!)).toBe("D'Annunzio");
    expect(mario.topics.map((t) => t.topic.slug).sort()).toEqual(['urgenze', 'viabilita']);
    const anna = await ctx.db.subscriber.findUniqueOrThrow({ where: { phoneHmac: ctx.cipher.hmac('+393331110002') }, include: { topics: true } });
    expect(anna.topics).toHaveLength(3);
    const consent = await ctx.db.consentEvent.findFirstOrThrow({ where: { phoneHmac: mario.phoneHmac! } });
    expect(consent).toMatchObject({ action: 'OPT_IN', channel: 'IMPORT' });
    expect(consent.evidence).toContain('consent given 2025-01-10T09:00:00.000Z');
    const again = await importSubscribersCsv(ctx, { actor: systemActor('test'), csv, source: 'lista.csv' });
    expect(again.imported).toBe(0);
    expect(again.skipped.map((s) => s.message)).toEqual(['already subscribed', 'already subscribed', 'left the service on 2026-01-02: not re-subscribed']);
  });
});
