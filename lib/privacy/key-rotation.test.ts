import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import { issueLoginTicket, readLoginTicket } from '../auth/login-ticket';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { setSetting } from '../settings/store';
import { rotateDataKey } from '../settings/rotate-data-key';
import { getDataKeyStatus } from '../settings/data-key-status';
import { makeStaff } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { FIXTURE, metaJson, textMessage, webhookPayload, type Json } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { createDataCipher, createKeyRing, type DataCipher } from './crypto';
import { checkDataKey, checkDataKeys, dataKeyFingerprint, dataKeyId, DataKeyMismatchError } from './data-key-fingerprint';
import { countCiphertextsByKey, holdServiceLock, KeyRotationError, rotateDataKeys, SERVICE_LOCK_ID } from './key-rotation';
import { messageDedupeKey, messageEvidence, wamidHmac } from './wamid';

/**
 * Key rotation on the real database: rows written by the real flows under key A, rotated to B
 * (A previous), then read, found and used again under B; starts with the wrong keys refused.
 */
const A = randomBytes(32);
const B = randomBytes(32);
const C = randomBytes(32);
const id = (k: Buffer) => dataKeyId(dataKeyFingerprint(k));
const admin = systemActor('cli');

let ctx: TestContext;
/** The context's cipher is the configured key ring of the moment: A first, then B with A previous. */
const configure = (cipher: DataCipher) => {
  ctx.cipher = cipher;
};

const ACTIVE = '393331000001';
const LEAVER = '393331000002';
const PENDING = '393331000003';
const NEWCOMER = '393331000004';
const ACTIVE_USER = 'IT.1000000000000000001';
const LEAVER_USER = 'IT.1000000000000000002';
const wamids: Record<string, string> = {};

async function post(payload: Json) {
  const raw = Buffer.from(metaJson(payload));
  const r = await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret));
  expect(r.status).toBe(200);
  while ((await processInboundBatch(ctx)) > 0);
  return r;
}
const say = async (from: string, userId: string, text: string, key: string) => {
  const m = textMessage(text, { from, userId, profileName: 'Mario Rossi' });
  wamids[key] = m.id as string;
  return post(webhookPayload({ messages: [m] }));
};
const byNumber = (digits: string) => ctx.db.subscriber.findUnique({ where: { phoneHmac: ctx.cipher.hmac(`+${digits}`) } });
const byUserId = (userId: string) => ctx.db.subscriber.findUnique({ where: { waUserIdHmac: ctx.cipher.hmac(`wa-user:${userId}`) } });
const allUnder = (counts: Record<string, Record<string, number>>) => new Set(Object.values(counts).flatMap((c) => Object.keys(c)));

beforeAll(async () => {
  ctx = await createTestContext({ whatsapp: { phoneNumberId: FIXTURE.phoneNumberId } });
  configure(createDataCipher(A));
  await checkDataKey(ctx.pool, A);
  await setSetting(ctx.db, 'launchedAt', '2026-11-01T00:00:00.000Z');

  // Under A, by the real flows: two people subscribe on WhatsApp, one leaves (only HMACs remain).
  await say(ACTIVE, ACTIVE_USER, 'Iscrivimi Mario Rossi', 'activeIn');
  await say(LEAVER, LEAVER_USER, 'Iscrivimi Lucia Bianchi', 'leaverIn');
  ctx.clock.advance(60_000);
  await say(LEAVER, LEAVER_USER, 'Cancellami', 'leaverOut');
  // BSUIDs (issue 10 decides when the flows learn them): the active row has one, the opted-out row
  // keeps only its HMAC, as it keeps only the number's.
  const active = await byNumber(ACTIVE);
  await ctx.db.subscriber.update({
    where: { id: active!.id },
    data: { waUserIdHmac: ctx.cipher.hmac(`wa-user:${ACTIVE_USER}`), waUserIdEnc: ctx.cipher.encrypt(ACTIVE_USER) },
  });
  await ctx.db.subscriber.update({
    where: { phoneHmac: ctx.cipher.hmac(`+${LEAVER}`) },
    data: { waUserIdHmac: ctx.cipher.hmac(`wa-user:${LEAVER_USER}`), waUserIdEnc: null },
  });
  // A delivery and a reply that Meta acknowledged with a wamid.
  const alert = await ctx.db.alert.create({ data: { title: 'Strada chiusa', body: 'Via Roma chiusa', status: 'SENDING' } });
  wamids.delivery = 'wamid.HBgMMzkzMzMxMDAwMDAxFQIAERgSREVMSVZFUlkwMDAwMDAwMQA=';
  await ctx.db.delivery.create({ data: { alertId: alert.id, subscriberId: active!.id, status: 'SENT', wamidHmac: wamidHmac(ctx.cipher, wamids.delivery) } });
  wamids.reply = 'wamid.HBgMMzkzMzMxMDAwMDAxFQIAERgSUkVQTFkwMDAwMDAwMDAxAA==';
  const reply = await ctx.db.outboundMessage.findFirstOrThrow({ orderBy: { id: 'asc' } });
  await ctx.db.outboundMessage.update({ where: { id: reply.id }, data: { wamidHmac: wamidHmac(ctx.cipher, wamids.reply) } });
  // Staff: TOTP secret and phone encrypted, a session and an audit entry keyed by IP, a login brake.
  const staff = await makeStaff(ctx, { email: 'ufficio@comune.test', role: 'ADMIN', totpSecret: 'JBSWY3DPEHPK3PXP' });
  await ctx.db.staffUser.update({ where: { id: staff.id }, data: { phoneEnc: ctx.cipher.encrypt('+393209999999') } });
  await ctx.db.staffSession.create({ data: { staffUserId: staff.id, method: 'PASSWORD', ipHmac: ctx.cipher.hmac('ip:203.0.113.7') } });
  await recordAudit(ctx, ctx.db, { actor: admin, action: 'settings_change', ip: '203.0.113.7' });
  await ctx.pool.query(`INSERT INTO rate_limits (key, window_start, count) VALUES ($1, now(), 3)`, [`login:email:${ctx.cipher.hmac('email:x@comune.test')}`]);
  // A message stored but not processed yet: its payload stays encrypted until the worker reads it.
  const pending = textMessage('Iscrivimi Anna Verdi', { from: PENDING, userId: 'IT.1000000000000000003' });
  const raw = Buffer.from(metaJson(webhookPayload({ messages: [pending] })));
  expect(await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).toMatchObject({ status: 200, stored: 1 });
  // A row from before rotation existed: the original format, without key id.
  const v1 = ctx.cipher.encrypt('Rossi');
  await ctx.db.subscriber.update({ where: { id: active!.id }, data: { lastNameEnc: 'v1.' + v1.slice(v1.lastIndexOf('.') + 1) } });
});
afterAll(async () => ctx.close());

describe('rotating the data key from A to B', () => {
  let before: { active: NonNullable<Awaited<ReturnType<typeof byNumber>>>; leaverHmac: string; consent: number };

  it('starts from rows under A, the opted-out person kept only as HMACs', async () => {
    const active = (await byNumber(ACTIVE))!;
    const leaver = (await byNumber(LEAVER))!;
    expect(leaver).toMatchObject({ status: 'UNSUBSCRIBED', phoneEnc: null, firstNameEnc: null, lastNameEnc: null });
    expect(leaver.waUserIdHmac).toBe(ctx.cipher.hmac(`wa-user:${LEAVER_USER}`));
    const counts = await countCiphertextsByKey(ctx.pool);
    expect(allUnder(counts)).toEqual(new Set([id(A), 'v1']));
    expect(counts['staff_users.totp_secret_enc']).toEqual({ [id(A)]: 1 });
    expect(counts['inbound_events.payload_enc']).toEqual({ [id(A)]: 1 });
    before = { active, leaverHmac: leaver.phoneHmac!, consent: await ctx.db.consentEvent.count({ where: { phoneHmac: leaver.phoneHmac! } }) };
    expect(before.consent).toBe(2);
  });

  it('before keys:rotate, the server and the worker refuse B with A previous; keys:* accept it', async () => {
    const err = await checkDataKey(ctx.pool, { current: B, previous: [A] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataKeyMismatchError);
    expect((err as Error).message).toContain(`DATA_ENCRYPTION_KEY è una chiave nuova (${id(B)})`);
    expect((err as Error).message).toContain('npm run cli -- keys:rotate');
    await expect(checkDataKeys(ctx.pool, { current: B, previous: [A] }, { allowPendingRotation: true })).resolves.toMatchObject({ state: 'pending-rotation' });
  });

  it('refuses to re-key look-ups while a server or worker runs, and changes nothing', async () => {
    const service = await holdServiceLock(ctx.databaseUrl, () => {});
    try {
      const err = await rotateDataKey(ctx, { actor: admin, keys: { current: B, previous: [A] } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KeyRotationError);
      expect((err as Error).message).toMatch(/The service is running \(1 process holds the service lock: pid \d+/);
      expect((err as Error).message).toContain('Nothing was changed.');
    } finally {
      await service.release();
    }
    expect(allUnder(await countCiphertextsByKey(ctx.pool))).toEqual(new Set([id(A), 'v1']));
    expect((await ctx.db.subscriber.findUnique({ where: { id: before.active.id } }))!.phoneHmac).toBe(before.active.phoneHmac);
  });

  it('resumes a run that stopped half-way without extending any HMAC twice', async () => {
    let batches = 0;
    const stop = new Error('operator pressed Ctrl+C');
    const err = await rotateDataKeys(
      ctx.pool,
      { current: B, previous: [A] },
      {
        batchSize: 1,
        progress: (p) => {
          if (p.phase === 'lookups' && ++batches === 3) throw stop;
        },
      },
    ).catch((e: unknown) => e);
    expect(err).toBe(stop);
    const { rows } = await ctx.pool.query(`SELECT rotation_phase, rotation_to FROM installation`);
    expect(rows[0]).toEqual({ rotation_phase: 'lookups', rotation_to: dataKeyFingerprint(B) });
    // Meanwhile nothing may start, with either configuration.
    await expect(checkDataKey(ctx.pool, A)).rejects.toThrow('keys:rotate sta ricalcolando le chiavi di ricerca (HMAC)');
    await expect(checkDataKey(ctx.pool, { current: B, previous: [A] })).rejects.toThrow('aspetta che finisca');
    // The stopped run released its locks: what stops a start now is the recorded phase.
    await (await holdServiceLock(ctx.databaseUrl, () => {})).release();
  });

  it('keys:rotate completes: look-ups and ciphertexts all under B, audited', async () => {
    const progress: string[] = [];
    let lookupsDoneAt = -1;
    const report = await rotateDataKey(ctx, {
      actor: admin,
      keys: { current: B, previous: [A] },
      batchSize: 2,
      progress: (p) => progress.push(p.phase),
      lookupsDone: () => {
        lookupsDoneAt = progress.length;
      },
    });
    expect(report).toMatchObject({ keyId: id(B), unreadable: [], leftUnderOldKeys: {}, complete: true });
    expect(report.reencrypted).toBeGreaterThan(8);
    expect(progress.slice(lookupsDoneAt).every((p) => p === 'ciphertexts')).toBe(true);
    expect(allUnder(await countCiphertextsByKey(ctx.pool))).toEqual(new Set([id(B)]));
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'data_key_rotate' } });
    expect(audit).toMatchObject({ actorEmail: 'system:cli', target: id(B), details: { complete: true, leftUnderOldKeys: {} } });
    const { rows } = await ctx.pool.query(`SELECT data_key_id, data_key_chain, rotation_phase FROM installation`);
    expect(rows[0]).toEqual({ data_key_id: id(B), data_key_chain: [dataKeyFingerprint(A), dataKeyFingerprint(B)], rotation_phase: null });
  });

  it('under B every row reads back and every look-up finds its row, active and opted-out', async () => {
    configure(createDataCipher(B, [A]));
    const active = (await byNumber(ACTIVE))!;
    expect(active.id).toBe(before.active.id);
    expect(ctx.cipher.decrypt(active.phoneEnc!)).toBe(`+${ACTIVE}`);
    expect(ctx.cipher.decrypt(active.firstNameEnc!)).toBe('Mario');
    expect(ctx.cipher.decrypt(active.lastNameEnc!)).toBe('Rossi');
    expect(ctx.cipher.decrypt(active.waUserIdEnc!)).toBe(ACTIVE_USER);
    expect((await byUserId(ACTIVE_USER))!.id).toBe(active.id);
    const leaver = (await byNumber(LEAVER))!;
    expect(leaver.status).toBe('UNSUBSCRIBED');
    expect(leaver.phoneHmac).toBe(createKeyRing(B, [A]).extendLookup(before.leaverHmac));
    expect((await byUserId(LEAVER_USER))!.id).toBe(leaver.id);
    // The consent ledger stays linked to the person, its evidence to the messages.
    expect(await ctx.db.consentEvent.count({ where: { phoneHmac: leaver.phoneHmac! } })).toBe(before.consent);
    expect(await ctx.db.consentEvent.count({ where: { evidence: messageEvidence(ctx.cipher, wamids.leaverOut!) } })).toBe(1);
    // wamids: deliveries, replies, inbound dedupe keys.
    expect(await ctx.db.delivery.count({ where: { wamidHmac: wamidHmac(ctx.cipher, wamids.delivery!) } })).toBe(1);
    expect(await ctx.db.outboundMessage.count({ where: { wamidHmac: wamidHmac(ctx.cipher, wamids.reply!) } })).toBe(1);
    expect(await ctx.db.inboundEvent.count({ where: { dedupeKey: messageDedupeKey(ctx.cipher, wamids.activeIn!) } })).toBe(1);
    // Staff secrets, IP look-ups, login brakes.
    const staff = await ctx.db.staffUser.findUniqueOrThrow({ where: { email: 'ufficio@comune.test' } });
    expect(ctx.cipher.decrypt(staff.totpSecretEnc!)).toBe('JBSWY3DPEHPK3PXP');
    expect(ctx.cipher.decrypt(staff.phoneEnc!)).toBe('+393209999999');
    expect(await ctx.db.staffSession.count({ where: { ipHmac: ctx.cipher.hmac('ip:203.0.113.7') } })).toBe(1);
    expect(await ctx.db.auditLog.count({ where: { action: 'settings_change', ipHmac: ctx.cipher.hmac('ip:203.0.113.7') } })).toBe(1);
    const brake = await ctx.pool.query(`SELECT count FROM rate_limits WHERE key = $1`, [`login:email:${ctx.cipher.hmac('email:x@comune.test')}`]);
    expect(brake.rows).toEqual([{ count: 3 }]);
  });

  it('the real flows keep working under B: a replay is a duplicate, the leaver comes back as the same person', async () => {
    const replay = await post(webhookPayload({ messages: [textMessage('Cancellami', { id: wamids.leaverOut, from: LEAVER, userId: LEAVER_USER })] }));
    expect(replay).toMatchObject({ stored: 0, duplicates: 1 });
    const leaverId = (await byNumber(LEAVER))!.id;
    ctx.clock.advance(60_000);
    await say(LEAVER, LEAVER_USER, 'Iscrivimi Lucia Bianchi', 'leaverBack');
    const back = (await byNumber(LEAVER))!;
    expect(back).toMatchObject({ id: leaverId, status: 'ACTIVE' });
    expect(ctx.cipher.decrypt(back.phoneEnc!)).toBe(`+${LEAVER}`);
    expect(back.phoneEnc!.startsWith(`v2.${id(B)}.`)).toBe(true);
    const ledger = await ctx.db.consentEvent.findMany({ where: { phoneHmac: back.phoneHmac! }, orderBy: { id: 'asc' } });
    expect(ledger.map((e) => e.action)).toEqual(['OPT_IN', 'OPT_OUT', 'OPT_IN']);
    // The message stored under A and processed under B: its payload was re-encrypted, not lost.
    const late = (await byNumber(PENDING))!;
    expect(late.status).toBe('ACTIVE');
    expect(ctx.cipher.decrypt(late.firstNameEnc!)).toBe('Anna');
    expect(await ctx.db.subscriber.count()).toBe(3);
  });

  it('a second keys:rotate has nothing left to do', async () => {
    const report = await rotateDataKeys(ctx.pool, { current: B, previous: [A] });
    expect(report).toMatchObject({ lookupRows: 0, reencrypted: 0, complete: true, leftUnderOldKeys: {} });
    const status = await getDataKeyStatus(ctx, { actor: admin, keys: { current: B, previous: [A] } });
    expect(status.configured).toEqual({ currentKeyId: id(B), previousKeyIds: [id(A)] });
    expect(status.database).toMatchObject({ keyId: id(B), chain: [id(A), id(B)], phase: null });
    expect(Object.keys(status.rowsPerKey)).toEqual([id(B)]);
    expect(status.leftUnderOldKeys).toEqual({});
  });
});

describe('starts after the rotation', () => {
  it('B with A previous starts', async () => {
    await expect(checkDataKey(ctx.pool, { current: B, previous: [A] })).resolves.toEqual({ keyId: id(B), recorded: false });
  });

  it('B alone is refused: A is still a link of the look-up chain', async () => {
    const err = await checkDataKey(ctx.pool, B).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataKeyMismatchError);
    expect((err as Error).message).toContain(`DATA_ENCRYPTION_KEY è giusta (${id(B)}) ma DATA_ENCRYPTION_KEY_PREVIOUS deve elencare esattamente`);
    expect((err as Error).message).toContain(`mancano: ${id(A)}`);
  });

  it('A, the replaced key, is refused with the key to use instead', async () => {
    await expect(checkDataKey(ctx.pool, A)).rejects.toThrow(
      `DATA_ENCRYPTION_KEY (${id(A)}) è una chiave precedente di questo database, sostituita da ${id(B)}`,
    );
  });

  it('an unrelated key C is refused, alone or with A previous', async () => {
    for (const keys of [{ current: C }, { current: C, previous: [A] }]) {
      const err = await checkDataKey(ctx.pool, keys).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataKeyMismatchError);
      expect((err as Error).message).toContain('la chiave DATA_ENCRYPTION_KEY non corrisponde a quella usata per cifrare i dati di questo database');
    }
  });

  it('C on top of the whole chain is the next rotation (pending until keys:rotate)', async () => {
    await expect(checkDataKey(ctx.pool, { current: C, previous: [A, B] })).rejects.toThrow(`DATA_ENCRYPTION_KEY è una chiave nuova (${id(C)})`);
  });
});

describe('after the rotation', () => {
  it('a login ticket sealed with the previous key is refused (a leaked old key forges nothing)', () => {
    const old = issueLoginTicket({ cipher: createDataCipher(A), now: ctx.now }, { id: 'u1', sessionVersion: 1 });
    const ring = { cipher: createDataCipher(B, [A]), now: ctx.now };
    expect(ring.cipher.decrypt(old)).toContain('login-code');
    expect(readLoginTicket(ring, old)).toBeNull();
    expect(readLoginTicket(ring, issueLoginTicket(ring, { id: 'u1', sessionVersion: 1 }))).toMatchObject({ userId: 'u1' });
  });

  it('a second rotation, to C, chains one more link: everyone is still found, C alone with B is refused', async () => {
    const leaverHmac = (await byNumber(LEAVER))!.phoneHmac!;
    const report = await rotateDataKeys(
      ctx.pool,
      { current: C, previous: [A, B] },
      {
        lookupsDone: async () => {
          // From here the service runs again, under C, while the ciphertexts are re-encrypted.
          await checkDataKey(ctx.pool, { current: C, previous: [A, B] });
          configure(createDataCipher(C, [A, B]));
          await say(NEWCOMER, 'IT.1000000000000000004', 'Iscrivimi Paolo Neri', 'newcomer');
          await say(ACTIVE, ACTIVE_USER, 'grazie', 'activeThanks');
        },
      },
    );
    expect(report).toMatchObject({ keyId: id(C), complete: true, leftUnderOldKeys: {} });
    expect(ctx.cipher.decrypt((await byNumber(NEWCOMER))!.firstNameEnc!)).toBe('Paolo');
    expect((await byNumber(ACTIVE))!.lastInboundAt).not.toBeNull();
    expect((await byNumber(LEAVER))!.phoneHmac).toBe(createKeyRing(C, [A, B]).extendLookup(leaverHmac));
    expect(ctx.cipher.decrypt((await byNumber(ACTIVE))!.firstNameEnc!)).toBe('Mario');
    expect((await byUserId(LEAVER_USER))!.status).toBe('ACTIVE');
    expect(allUnder(await countCiphertextsByKey(ctx.pool))).toEqual(new Set([id(C)]));
    await expect(checkDataKey(ctx.pool, { current: C, previous: [A, B] })).resolves.toMatchObject({ keyId: id(C) });
    await expect(checkDataKey(ctx.pool, { current: C, previous: [B] })).rejects.toThrow(`mancano: ${id(A)}`);
    await expect(checkDataKey(ctx.pool, { current: C, previous: [B, A] })).rejects.toThrow(`dalla più vecchia: ${id(A)}, ${id(B)}`);
  });
});

describe('the service lock when its connection is lost', () => {
  const holders = async () =>
    (
      await ctx.pool.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE application_name = 'banditore service lock' AND datname = current_database()`,
      )
    ).rows;
  const until = async (what: () => Promise<boolean> | boolean) => {
    let ok = false;
    for (let i = 0; i < 200 && !(ok = await what()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(ok).toBe(true);
  };

  it('is taken again after a database blip; a rotation holding it by then stops the process', async () => {
    const stale: Error[] = [];
    const lock = await holdServiceLock(ctx.databaseUrl, (e) => stale.push(e), { keys: { current: C, previous: [A, B] }, retryMs: 300 });
    try {
      const [first] = await holders();
      await ctx.pool.query('SELECT pg_terminate_backend($1)', [first!.pid]);
      await until(async () => (await holders()).some((h) => h.pid !== first!.pid));
      expect(stale).toEqual([]);

      // Lost again, and this time keys:rotate gets the lock first: the process must stop.
      const [second] = await holders();
      const rotation = await ctx.pool.connect();
      try {
        await ctx.pool.query('SELECT pg_terminate_backend($1)', [second!.pid]);
        // Within the 300 ms before the process retries: as soon as the dead session lets go.
        await until(async () => (await rotation.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [SERVICE_LOCK_ID])).rows[0]!.ok);
        await until(() => stale.length === 1);
        expect(stale[0]).toBeInstanceOf(KeyRotationError);
        expect(stale[0]!.message).toContain('keys:rotate is re-keying the look-ups while this process runs');
      } finally {
        await rotation.query('SELECT pg_advisory_unlock_all()');
        rotation.release();
      }
    } finally {
      await lock.release();
    }
  });
});
