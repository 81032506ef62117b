import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from '../api-keys/create-api-key';
import { approveTemplates, launch, newTopic } from '../alerts/test-fixtures';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getAlertStatus, postAlert, postCancelAlert, postCorrection, postWithdraw } from './handlers';
import { alertStatusSchema, alertStoppedSchema, alertWithdrawnSchema, correctionCreatedSchema, errorBodySchema } from './schemas';

let ctx: TestContext;
let key: string;
let draftKey: string;

beforeAll(async () => {
  ctx = await createTestContext();
  const admin = await staffActor(ctx, 'ADMIN');
  await approveTemplates(ctx);
  await launch(ctx);
  key = (await createApiKey(ctx, { actor: admin, input: { name: 'Gestionale', scopes: ['alerts:send'] } })).key;
  draftKey = (await createApiKey(ctx, { actor: admin, input: { name: 'Bozze', scopes: ['alerts:draft'] } })).key;
});
afterAll(async () => ctx.close());

const BASE = 'http://localhost:3000/api/v1/alerts';

function req(path: string, body?: object, k = key): Request {
  return new Request(`${BASE}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${k}`, [CLIENT_IP_HEADER]: '203.0.113.20', ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;
async function call(res: Promise<Response>): Promise<{ status: number; body: Json; headers: Headers }> {
  const r = await res;
  return { status: r.status, body: await r.json(), headers: r.headers };
}

/** An alert sent through the API to a topic of its own, with `n` recipients. */
async function sendThroughApi(n: number): Promise<string> {
  const topic = await newTopic(ctx);
  await addSubscribers(ctx, n, [topic.slug]);
  const r = await call(
    postAlert(ctx, req('', { title: 'Via Roma chiusa', body: 'Via Roma è chiusa fino alle 16.', urgency: 'normal', topics: [topic.slug], send: true })),
  );
  expect(r).toMatchObject({ status: 201, body: { status: 'sending', recipients: n } });
  return r.body.id;
}

describe('POST /api/v1/alerts/{id}/cancel', () => {
  it('stops an alert being sent: queued deliveries answer as cancelled; a second stop is a 409', async () => {
    const id = await sendThroughApi(4);
    const r = await call(postCancelAlert(ctx, req(`/${id}/cancel`, { reason: 'Testo sbagliato' }), id));
    expect(r.status).toBe(200);
    expect(alertStoppedSchema.parse(r.body)).toEqual({ id, status: 'cancelled', stopped: true, cancelledDeliveries: 4, inFlight: 0 });

    const status = await call(
      getAlertStatus(ctx, new Request(`${BASE}/${id}`, { headers: { authorization: `Bearer ${key}`, [CLIENT_IP_HEADER]: '203.0.113.20' } }), id),
    );
    expect(alertStatusSchema.parse(status.body)).toMatchObject({ status: 'cancelled', deliveries: { total: 4, queued: 0, cancelled: 4 }, done: true });
    const audit = await ctx.db.auditLog.findFirstOrThrow({ where: { target: id, action: 'alert_stop' } });
    expect(audit).toMatchObject({ actorEmail: 'api-key:Gestionale', details: { reason: 'Testo sbagliato', cancelledDeliveries: 4 } });

    const again = await call(postCancelAlert(ctx, req(`/${id}/cancel`), id));
    expect(again.status).toBe(409);
    expect(errorBodySchema.parse(again.body).error).toMatchObject({ code: 'conflict', message: expect.stringContaining('already cancelled') });
  });

  it('answers 409 with a precise message for an alert already sent, 403 for a draft-only key, 404 for an unknown id', async () => {
    const id = await sendThroughApi(2);
    await ctx.db.alert.update({ where: { id }, data: { status: 'SENT' } });
    const sent = await call(postCancelAlert(ctx, req(`/${id}/cancel`), id));
    expect(sent.status).toBe(409);
    expect(sent.body.error).toMatchObject({ code: 'conflict', details: { status: 'SENT' } });
    expect(sent.body.error.message).toContain('already been sent');
    expect(sent.body.error.details.english).toBeUndefined();

    await ctx.db.alert.update({ where: { id }, data: { status: 'SENDING' } });
    const scoped = await call(postCancelAlert(ctx, req(`/${id}/cancel`, undefined, draftKey), id));
    expect(scoped).toMatchObject({ status: 403, body: { error: { code: 'insufficient_scope' } } });
    expect((await ctx.db.alert.findUniqueOrThrow({ where: { id } })).status).toBe('SENDING');

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call(postCancelAlert(ctx, req(`/${unknown}/cancel`), unknown))).status).toBe(404);
    expect((await call(postCancelAlert(ctx, req(`/${id}/cancel`, { why: 'x' }), id))).status).toBe(422);
  });
});

describe('POST /api/v1/alerts/{id}/correction and /withdraw', () => {
  it('sends a correction to the recipients of a sent alert, then withdraws the original', async () => {
    const id = await sendThroughApi(3);
    await ctx.pool.query(`UPDATE deliveries SET status = 'DELIVERED' WHERE alert_id = $1::uuid`, [id]);
    await ctx.db.alert.update({ where: { id }, data: { status: 'SENT' } });

    const c = await call(postCorrection(ctx, req(`/${id}/correction`, { title: 'Via Roma riapre alle 18', body: 'Riapre alle 18, non alle 16.' }), id));
    expect(c.status).toBe(201);
    expect(correctionCreatedSchema.parse(c.body)).toMatchObject({ correctsAlertId: id, status: 'sending', recipients: 3, heldForQuietHours: false });
    expect(c.headers.get('location')).toBe(`/api/v1/alerts/${c.body.id}`);
    const st = await call(
      getAlertStatus(ctx, new Request(`${BASE}/${c.body.id}`, { headers: { authorization: `Bearer ${key}`, [CLIENT_IP_HEADER]: '203.0.113.20' } }), c.body.id),
    );
    expect(st.body).toMatchObject({ title: 'Rettifica: Via Roma riapre alle 18', correctsAlertId: id, withdrawnAt: null });

    const bad = await call(postCorrection(ctx, req(`/${id}/correction`, { title: 'x' }), id));
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.fields.map((f: { path: string }) => f.path)).toContain('body');

    const w = await call(postWithdraw(ctx, req(`/${id}/withdraw`), id));
    expect(w.status).toBe(200);
    expect(alertWithdrawnSchema.parse(w.body)).toEqual({ id, withdrawnAt: ctx.now().toISOString() });
    const twice = await call(postWithdraw(ctx, req(`/${id}/withdraw`, { reason: 'di nuovo' }), id));
    expect(twice).toMatchObject({ status: 409, body: { error: { code: 'conflict', message: 'The alert has already been withdrawn.' } } });
    expect(await ctx.db.auditLog.count({ where: { target: id, action: 'alert_withdraw' } })).toBe(1);
  });

  it('refuses a correction of an alert still going out (409) and a draft-only key (403)', async () => {
    const id = await sendThroughApi(1);
    const early = await call(postCorrection(ctx, req(`/${id}/correction`, { title: 'a', body: 'b' }), id));
    expect(early).toMatchObject({ status: 409, body: { error: { code: 'conflict', details: { status: 'SENDING' } } } });
    const scoped = await call(postWithdraw(ctx, req(`/${id}/withdraw`, undefined, draftKey), id));
    expect(scoped.status).toBe(403);
  });
});
