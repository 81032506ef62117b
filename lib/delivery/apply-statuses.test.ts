import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataCipher } from '../privacy/crypto';
import { waUserIdHmac } from '../privacy/wa-user-id';
import { statusDedupeKey, wamidHmac } from '../privacy/wamid';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { createTestContext, type TestContext } from '../testing/test-context';
import { metaJson, statusError, statusUpdate, webhookPayload } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { applyDeliveryStatuses } from './apply-statuses';
import { publishAlert } from './testing/fixtures';
import { seedSubscribers, testNumber } from '../testing/fixtures';

let ctx: TestContext;
let alertId: string;
const ids: string[] = [];
const digits = (i: number) => testNumber(i).slice(1);
const ts = (s: number) => String(1_764_400_000 + s);

/** One change of statuses addressed to our number (the receiver ignores other numbers' events). */
const ours = (statuses: unknown[]) => ({ statuses: statuses as never[], phoneNumberId: ctx.whatsapp.phoneNumberId });

async function post(payload: unknown): Promise<void> {
  const raw = Buffer.from(metaJson(payload));
  const r = await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret));
  expect(r.status).toBe(200);
}

async function drain(): Promise<void> {
  while ((await processInboundBatch(ctx)) > 0);
}

const row = (i: number) => ctx.db.delivery.findFirstOrThrow({ where: { alertId, subscriberId: ids[i] } });
const st = (i: number, status: 'sent' | 'delivered' | 'read' | 'failed', at: number, errors?: unknown[]) =>
  statusUpdate(status, { id: `wamid.T${i}`, recipientId: digits(i), timestamp: ts(at), ...(errors ? { errors: errors as never } : {}) });

beforeAll(async () => {
  ctx = await createTestContext();
  ids.push(...(await seedSubscribers(ctx, { count: 12 })));
  ({ alertId } = await publishAlert(ctx));
  // As if the sender had sent 0..10: SENT with their wamids. 11 timed out: outcome unknown.
  for (let i = 0; i <= 10; i++) {
    await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', wamid_hmac = $3, sent_at = now(), attempts = 1 WHERE alert_id = $1 AND subscriber_id = $2`, [
      alertId,
      ids[i],
      wamidHmac(ctx.cipher, `wamid.T${i}`),
    ]);
  }
  await ctx.pool.query(
    `UPDATE deliveries SET status = 'SENDING', claimed_by = NULL, locked_until = $3, attempts = 1 WHERE alert_id = $1 AND subscriber_id = $2`,
    [alertId, ids[11], ctx.now()],
  );
});

afterAll(async () => {
  await ctx.close();
});

describe('status webhooks for alert deliveries', () => {
  it('end in the right state whatever their order, duplication and batching', async () => {
    // One POST, several entries and changes, statuses of different messages interleaved and out of order.
    await post(
      webhookPayload({
        entries: [
          { changes: [ours([st(0, 'read', 30), st(1, 'delivered', 20), st(2, 'failed', 25, [statusError(131049)])])] },
          {
            changes: [
              ours([st(0, 'delivered', 20), st(3, 'read', 40), st(3, 'sent', 10), st(3, 'delivered', 20)]),
              ours([st(4, 'failed', 15, [statusError(131026)])]),
            ],
          },
        ],
      }),
    );
    await drain();
    // Late and repeated ones, in separate POSTs.
    await post(webhookPayload(ours([st(0, 'sent', 10), st(1, 'delivered', 20), st(2, 'sent', 10)])));
    await post(webhookPayload(ours([st(0, 'failed', 50, [statusError(131000)]), st(1, 'sent', 10), st(5, 'failed', 12, [statusError(131049)])])));
    await post(webhookPayload(ours([st(5, 'delivered', 18)])));
    await drain();

    const r0 = await row(0);
    expect(r0).toMatchObject({ status: 'READ', errorCode: null });
    expect(r0.deliveredAt?.getTime()).toBe(Number(ts(20)) * 1000);
    expect(r0.readAt?.getTime()).toBe(Number(ts(30)) * 1000);
    expect(await row(1)).toMatchObject({ status: 'DELIVERED', readAt: null });
    // failed, then a late `sent`: stays failed, with Meta's reason.
    const r2 = await row(2);
    expect(r2).toMatchObject({ status: 'FAILED', errorCode: 131049 });
    expect(r2.failedAt?.getTime()).toBe(Number(ts(25)) * 1000);
    expect(await row(3)).toMatchObject({ status: 'READ' });
    // failed, then delivered after all: delivered wins.
    expect(await row(5)).toMatchObject({ status: 'DELIVERED' });
  });

  it('flags a number Meta cannot deliver to (131026) so that later alerts leave it out', async () => {
    expect(await row(4)).toMatchObject({ status: 'FAILED', errorCode: 131026 });
    const s = await ctx.db.subscriber.findUniqueOrThrow({ where: { id: ids[4] } });
    expect(s.undeliverableAt).not.toBeNull();
    const next = await publishAlert(ctx);
    expect(next.recipients).toBe(11);
  });

  it('is idempotent: replaying every POST changes nothing', async () => {
    const before = await ctx.db.delivery.findMany({ where: { alertId }, orderBy: { id: 'asc' } });
    await post(
      webhookPayload(ours([st(0, 'read', 30), st(1, 'delivered', 20), st(2, 'failed', 25, [statusError(131049)]), st(3, 'sent', 10), st(5, 'delivered', 18)])),
    );
    await drain();
    // And past the receiver's dedupe, straight into the batch update, twice.
    const seen = [
      [0, 'read', 30],
      [1, 'delivered', 20],
      [2, 'failed', 25],
      [3, 'sent', 10],
      [5, 'delivered', 18],
    ] as const;
    const again = seen.map(([i, status, at]) => ({
      wamid: `wamid.T${i}`,
      status,
      at: new Date(Number(ts(at)) * 1000),
      recipient: testNumber(i),
      errorCode: status === 'failed' ? 131049 : null,
      errorDetail: null,
    }));
    await applyDeliveryStatuses(ctx, again);
    await applyDeliveryStatuses(ctx, again);
    expect(await ctx.db.delivery.findMany({ where: { alertId }, orderBy: { id: 'asc' } })).toEqual(before);
  });

  it('matches a status to a send whose answer was lost, by recipient, instead of sending again', async () => {
    await post(webhookPayload(ours([statusUpdate('sent', { id: 'wamid.LOST', recipientId: digits(11), timestamp: ts(60) })])));
    await post(webhookPayload(ours([statusUpdate('delivered', { id: 'wamid.LOST', recipientId: digits(11), timestamp: ts(61) })])));
    await drain();
    expect(await row(11)).toMatchObject({ status: 'DELIVERED', wamidHmac: wamidHmac(ctx.cipher, 'wamid.LOST'), claimedBy: null, lockedUntil: null });
  });

  it('matches a lost send to a citizen without a number by recipient_user_id (no recipient_id)', async () => {
    const userId = 'IT.2026120499887766';
    const s = await ctx.db.subscriber.create({
      data: { waUserIdHmac: waUserIdHmac(ctx.cipher, userId), waUserIdEnc: ctx.cipher.encrypt(userId), status: 'ACTIVE', source: 'WHATSAPP' },
    });
    await ctx.pool.query(
      `INSERT INTO deliveries (alert_id, subscriber_id, status, claimed_by, locked_until, attempts, updated_at)
       VALUES ($1, $2, 'SENDING', NULL, $3, 1, now())`,
      [alertId, s.id, ctx.now()],
    );
    await post(webhookPayload(ours([statusUpdate('sent', { id: 'wamid.LOSTBSUID', recipientId: null, recipientUserId: userId, timestamp: ts(62) })])));
    await drain();
    expect(await ctx.db.delivery.findFirstOrThrow({ where: { alertId, subscriberId: s.id } })).toMatchObject({
      status: 'SENT',
      wamidHmac: wamidHmac(ctx.cipher, 'wamid.LOSTBSUID'),
    });
  });

  it('pauses the alert and tells the admins on 131048 (spam limit)', async () => {
    await post(webhookPayload(ours([st(6, 'failed', 70, [statusError(131048, { title: 'Spam rate limit hit' })])])));
    await drain();
    const alert = await ctx.db.alert.findUniqueOrThrow({ where: { id: alertId } });
    expect(alert.status).toBe('PAUSED');
    expect(alert.pausedReason).toMatch(/131048/);
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { action: 'alert_pause', target: alertId } });
    expect(audit.details).toMatchObject({ code: 131048 });
  });
});

describe('a status event that cannot be decoded', () => {
  it('leaves its batch to the leased path: the others are applied, it is retried and counted', async () => {
    const subs = await seedSubscribers(ctx, { count: 3, start: 500, topicSlug: 'viabilita' });
    const { alertId: own } = await publishAlert(ctx, { topicIds: [(await ctx.db.topic.findUniqueOrThrow({ where: { slug: 'viabilita' } })).id] });
    for (const [i, s] of subs.entries()) {
      await ctx.pool.query(`UPDATE deliveries SET status = 'SENT', wamid_hmac = $3, sent_at = now(), attempts = 1 WHERE alert_id = $1 AND subscriber_id = $2`, [
        own,
        s,
        wamidHmac(ctx.cipher, `wamid.P${i}`),
      ]);
    }
    const p = (i: number) => statusUpdate('delivered', { id: `wamid.P${i}`, recipientId: testNumber(500 + i).slice(1), timestamp: ts(100) });
    await post(webhookPayload(ours([p(0), p(1), p(2)])));
    // The middle one was written with another data key: it can never be decoded here.
    const other = createDataCipher(Buffer.alloc(32, 7));
    await ctx.pool.query(`UPDATE inbound_events SET payload_enc = $1 WHERE dedupe_key = $2`, [
      other.encrypt('{}'),
      statusDedupeKey(ctx.cipher, 'wamid.P1', 'delivered'),
    ]);
    expect(await processInboundBatch(ctx)).toBe(3);
    const states = await ctx.db.delivery.findMany({ where: { alertId: own }, orderBy: { subscriberId: 'asc' }, select: { subscriberId: true, status: true } });
    const byId = new Map(states.map((d) => [d.subscriberId, d.status]));
    expect([byId.get(subs[0]!), byId.get(subs[1]!), byId.get(subs[2]!)]).toEqual(['DELIVERED', 'SENT', 'DELIVERED']);
    const poisoned = await ctx.db.inboundEvent.findFirstOrThrow({ where: { processedAt: null, kind: 'STATUS', lastError: { not: null } } });
    expect(poisoned).toMatchObject({ attempts: 1, parkedAt: null });
    expect(poisoned.availableAt.getTime()).toBeGreaterThan(Date.now());
  });
});
