import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishAlert } from '../delivery/testing/fixtures';
import { seedSubscribers } from '../testing/fixtures';
import { dumpAllRows, findLeaks } from '../testing/privacy-scan';
import { createTestContext, type TestContext } from '../testing/test-context';
import { newWamid } from '../whatsapp/simulator/meta-json';
import { messageDedupeKey, messageEvidence, statusDedupeKey, wamidHmac } from './wamid';
import { hmacClearWamids } from './wamid-backfill';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

const NUMBER = '393401122334';

describe('start-up rewrite of clear wamids left by older versions', () => {
  it('rewrites deliveries, outbox, dedupe keys and consent evidence to HMACs, once, through an append-only trigger', async () => {
    const [w1, w2, w3, w4, w5] = Array.from({ length: 5 }, () => newWamid(NUMBER)) as [string, string, string, string, string];
    await seedSubscribers(ctx, { count: 2 });
    const { alertId } = await publishAlert(ctx);
    const [d1, d2] = (await ctx.pool.query<{ id: string }>('SELECT id::text FROM deliveries WHERE alert_id = $1 ORDER BY id', [alertId])).rows;
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', wamid_hmac = $2 WHERE id = $1`, [d1!.id, w1]);
    const already = wamidHmac(ctx.cipher, 'wamid.new');
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', wamid_hmac = $2 WHERE id = $1`, [d2!.id, already]);
    await ctx.pool.query(
      `INSERT INTO outbound_messages (idempotency_key, purpose, status, wamid_hmac, updated_at) VALUES ('old:1', 'reply', 'SENT', $1, now())`,
      [w2],
    );
    await ctx.pool.query(
      `INSERT INTO inbound_events (dedupe_key, kind, processed_at) VALUES
         ($1, 'MESSAGE', now()), ($2, 'STATUS', now()), ($3, 'STATUS', now()), ($4, 'STATUS', NULL), ('template:9:APPROVED:1', 'TEMPLATE_STATUS', now())`,
      [`msg:${w1}`, `status:${w2}:delivered`, `status:${w3}:read`, statusDedupeKey(ctx.cipher, w3, 'read')],
    );
    await ctx.pool.query(
      `INSERT INTO consent_events (phone_hmac, action, channel, evidence) VALUES ('h1', 'OPT_IN', 'WHATSAPP', $1), ('h1', 'OPT_OUT', 'WHATSAPP', $2), ('h2', 'OPT_OUT', 'STAFF', 'staff:a@b.it')`,
      [w4, `risposta ${w5}`],
    );
    // As another change may make the ledger append-only: the rewrite must go through it, and leave it on.
    await ctx.pool.query(`CREATE FUNCTION test_consent_immutable() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'append-only'; END $$`);
    await ctx.pool.query(
      `CREATE TRIGGER test_consent_no_update BEFORE UPDATE OR DELETE ON consent_events FOR EACH ROW EXECUTE FUNCTION test_consent_immutable()`,
    );
    expect(findLeaks(await dumpAllRows(ctx.pool), [NUMBER])).toEqual([NUMBER]);

    // Two processes starting at once: serialised, the second finds nothing to do.
    const [a, b] = await Promise.all([hmacClearWamids(ctx.pool, ctx.cipher), hmacClearWamids(ctx.pool, ctx.cipher)]);
    const sum = (x: typeof a) => Object.values(x).reduce((s, n) => s + n, 0);
    expect(sum(a) + sum(b)).toBe(1 + 1 + 3 + 2);
    expect([sum(a), sum(b)].sort()).toEqual([0, 7]);

    const deliveries = await ctx.pool.query<{ w: string }>('SELECT wamid_hmac AS w FROM deliveries WHERE alert_id = $1 ORDER BY id', [alertId]);
    expect(deliveries.rows.map((r) => r.w)).toEqual([wamidHmac(ctx.cipher, w1), already]);
    expect((await ctx.db.outboundMessage.findUniqueOrThrow({ where: { idempotencyKey: 'old:1' } })).wamidHmac).toBe(wamidHmac(ctx.cipher, w2));
    const keys = (await ctx.db.inboundEvent.findMany({ orderBy: { id: 'asc' } })).map((e) => e.dedupeKey);
    expect(keys).toEqual([
      messageDedupeKey(ctx.cipher, w1),
      statusDedupeKey(ctx.cipher, w2, 'delivered'),
      statusDedupeKey(ctx.cipher, w3, 'read'),
      'template:9:APPROVED:1',
    ]);
    const evidence = (await ctx.db.consentEvent.findMany({ orderBy: { id: 'asc' } })).map((c) => c.evidence);
    expect(evidence).toEqual([messageEvidence(ctx.cipher, w4), `risposta ${messageEvidence(ctx.cipher, w5)}`, 'staff:a@b.it']);
    await expect(ctx.pool.query(`UPDATE consent_events SET evidence = 'x'`)).rejects.toThrow(/append-only/);

    expect(await hmacClearWamids(ctx.pool, ctx.cipher)).toEqual({ deliveries: 0, outboundMessages: 0, inboundEvents: 0, consentEvents: 0 });
    const dump = await dumpAllRows(ctx.pool);
    expect(dump).not.toContain('wamid.');
    expect(findLeaks(dump, [NUMBER])).toEqual([]);
  });
});
