import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { addSubscribers } from '../testing/fixtures';
import { createDataCipher } from '../privacy/crypto';
import { checkDataKey, dataKeyFingerprint, dataKeyId } from '../privacy/data-key-fingerprint';
import { holdServiceLock } from '../privacy/key-rotation';
import { createTestContext, type TestContext } from '../testing/test-context';
import { commands } from './commands';

const A = randomBytes(32);
const B = randomBytes(32);
const id = (k: Buffer) => dataKeyId(dataKeyFingerprint(k));

let ctx: TestContext;
let lines: string[];
const run = (name: string, keys: { current: Buffer; previous?: Buffer[] }, ...args: string[]) => {
  lines = [];
  return commands[name]!.run(ctx, args, { readFile: async () => '', out: (l) => void lines.push(l), dataKeys: keys });
};

beforeAll(async () => {
  ctx = await createTestContext();
  ctx.cipher = createDataCipher(A);
  await checkDataKey(ctx.pool, A);
  await addSubscribers(ctx, 3, ['viabilita']);
  // Twelve bigint ids: batches of 2 cross 9 → 10, where text order and number order part.
  for (let i = 0; i < 12; i++) await recordAudit(ctx, ctx.db, { actor: systemActor('test'), action: 'settings_change', ip: `198.51.100.${i}` });
});
afterAll(async () => ctx.close());

describe('npm run cli -- keys:status / keys:rotate', () => {
  it('keys:status before a rotation: one key, its rows', async () => {
    expect(await run('keys:status', { current: A })).toBe(0);
    expect(lines).toContain(`Chiave attuale (DATA_ENCRYPTION_KEY): ${id(A)}`);
    expect(lines).toContain('Chiavi precedenti (DATA_ENCRYPTION_KEY_PREVIOUS): nessuna');
    expect(lines).toContain(`Chiave del database: ${id(A)}; catena delle ricerche (HMAC): ${id(A)}`);
    expect(lines).toContain(`Righe cifrate per chiave: ${id(A)}: 3`);
    expect(lines).toContain(`  subscribers.phone_enc: ${id(A)}: 3`);
    expect(lines).toContain('Righe ancora sotto chiavi precedenti: nessuna');
  });

  it('keys:status with a new key configured says the rotation has not run', async () => {
    expect(await run('keys:status', { current: B, previous: [A] })).toBe(0);
    expect(lines).toContain(`Rotazione non ancora eseguita verso ${id(B)}: ferma server e worker ed esegui keys:rotate`);
  });

  it('keys:rotate refuses while the service runs, exit code 1', async () => {
    const service = await holdServiceLock(ctx.databaseUrl, () => {});
    try {
      expect(await run('keys:rotate', { current: B, previous: [A] })).toBe(1);
      expect(lines.join('\n')).toContain('stop them all, then run keys:rotate again. Nothing was changed.');
    } finally {
      await service.release();
    }
  });

  it('keys:rotate rejects a bad batch size', async () => {
    expect(await run('keys:rotate', { current: B, previous: [A] }, '--batch=0')).toBe(2);
  });

  it('keys:rotate reports progress, says when the service may start, and ends with nothing left under A', async () => {
    expect(await run('keys:rotate', { current: B, previous: [A] }, '--batch=2')).toBe(0);
    expect(lines).toContain('  ricerche subscribers: 2');
    expect(lines).toContain('  ricerche subscribers: 3');
    expect(lines).toContain('Ricerche (HMAC) sulla nuova chiave: ora si possono riavviare server e worker; continuo con le cifrature.');
    expect(lines).toContain('  cifrature subscribers.phone_enc: 3');
    expect(lines).toContain('Righe ancora sotto chiavi precedenti: nessuna');
    expect(lines[lines.length - 1]).toBe(`Rotazione completata: tutto è sotto la chiave ${id(B)}.`);
    expect(await run('keys:status', { current: B, previous: [A] })).toBe(0);
    expect(lines).toContain(`Chiave del database: ${id(B)}; catena delle ricerche (HMAC): ${id(A)} → ${id(B)}`);
    expect(lines).toContain(`Righe cifrate per chiave: ${id(B)}: 3`);
    expect(lines.some((l) => l.startsWith('Ultima rotazione completata: '))).toBe(true);
    const ring = createDataCipher(B, [A]);
    const audit = await ctx.db.auditLog.findMany({ where: { action: 'settings_change' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.ipHmac)).toEqual(Array.from({ length: 12 }, (_, i) => ring.hmac(`ip:198.51.100.${i}`)));
  });
});
