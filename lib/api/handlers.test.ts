import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approveTemplates, launch } from '../alerts/test-fixtures';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { CLIENT_IP_HEADER } from '../http/client-ip';
import { loadSettings, setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { errorBodySchema, alertCreatedSchema, alertStatusSchema, topicsSchema, zonesSchema } from './schemas';
import { createApiKey } from '../api-keys/create-api-key';
import { getAlertStatus, getTopics, getZones, postAlert } from './handlers';
import { revokeApiKey } from '../api-keys/revoke-api-key';
import { alertBody } from './test-fixtures';
import { plainLanguageAdvice } from '../alerts/plain-language';
import { loadTemplateState } from '../templates/load-template';

let ctx: TestContext;
let key: string;
let admin: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  admin = await staffActor(ctx, 'ADMIN');
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 3, ['viabilita']);
  await addSubscribers(ctx, 2, ['urgenze']);
  key = (await createApiKey(ctx, { actor: admin, input: { name: 'Test HTTP', scopes: ['alerts:send', 'stats:read'] } })).key;
});
afterAll(async () => ctx.close());

const URL_BASE = 'http://localhost:3000/api/v1';

function post(body: string | object, headers: Record<string, string> = {}): Request {
  return new Request(`${URL_BASE}/alerts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', [CLIENT_IP_HEADER]: '203.0.113.10', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

// The answers are checked field by field (and parsed with the zod schemas where it matters).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function call(res: Promise<Response>): Promise<{ status: number; body: Json; headers: Headers }> {
  const r = await res;
  return { status: r.status, body: await r.json(), headers: r.headers };
}

const alert = alertBody;

describe('POST /api/v1/alerts', () => {
  it('saves a draft, schedules, and sends now', async () => {
    const draft = await call(postAlert(ctx, post(alert())));
    expect(draft.status).toBe(201);
    expect(alertCreatedSchema.parse(draft.body)).toEqual({
      id: expect.any(String),
      status: 'draft',
      recipients: 3,
      releaseAt: null,
      heldForQuietHours: false,
      advice: [],
    });
    expect(draft.headers.get('location')).toBe(`/api/v1/alerts/${draft.body.id}`);

    const scheduled = await call(postAlert(ctx, post(alert({ scheduledAt: '2026-11-30T10:00:00Z' }))));
    expect(scheduled).toMatchObject({ status: 201, body: { status: 'scheduled', releaseAt: '2026-11-30T10:00:00.000Z', recipients: 3 } });

    const sent = await call(postAlert(ctx, post(alert({ topics: undefined, send: true }))));
    expect(sent).toMatchObject({ status: 201, body: { status: 'sending', recipients: 5 } });
    const row = await ctx.db.alert.findUniqueOrThrow({ where: { id: sent.body.id } });
    expect(row).toMatchObject({ allTopics: true, apiKeyId: expect.any(String), createdById: null });
    expect(await ctx.db.delivery.count({ where: { alertId: sent.body.id } })).toBe(5);
  });

  it('answers field errors with their JSON paths, unknown topics and fields included', async () => {
    const r = await call(postAlert(ctx, post({ title: '', body: 'x', urgency: 'urgent', topics: ['viabilita', 'NO SLUG'] })));
    expect(r.status).toBe(422);
    expect(errorBodySchema.parse(r.body).error.code).toBe('invalid_input');
    const paths = r.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'topics[1]', 'urgentReason']));

    const unknownTopic = await call(postAlert(ctx, post(alert({ topics: ['parcheggi'] }))));
    expect(unknownTopic).toMatchObject({
      status: 422,
      body: { error: { code: 'invalid_input', details: { fields: [{ path: 'topics', message: expect.stringContaining('parcheggi') }] } } },
    });

    await ctx.db.topic.create({ data: { slug: 'mercati', name: 'Mercati', position: 9, active: false } });
    const retired = await call(postAlert(ctx, post(alert({ topics: ['viabilita', 'mercati'] }))));
    expect(retired).toMatchObject({
      status: 422,
      body: {
        error: {
          code: 'invalid_input',
          details: { fields: [{ path: 'topics', message: 'Argomento ritirato, non più disponibile per nuovi avvisi: mercati.' }] },
        },
      },
    });
    await ctx.db.topic.delete({ where: { slug: 'mercati' } });

    const typo = await call(postAlert(ctx, post(alert({ sendNow: true }))));
    expect(typo).toMatchObject({ status: 422, body: { error: { details: { fields: [{ path: 'sendNow' }] } } } });

    const notObject = await call(postAlert(ctx, post('[1,2]')));
    expect(notObject).toMatchObject({ status: 422, body: { error: { code: 'invalid_input', details: { fields: [{ path: '$' }] } } } });

    const both = await call(postAlert(ctx, post(alert({ send: true, scheduledAt: '2026-11-30T10:00:00Z' }))));
    expect(both.body.error.details.fields).toEqual([{ path: 'scheduledAt', message: expect.any(String) }]);
  });

  it('refuses malformed JSON (400), another content type (415) and bodies over 64 KB (413)', async () => {
    expect(await call(postAlert(ctx, post('{"title": ')))).toMatchObject({ status: 400, body: { error: { code: 'malformed_json' } } });
    expect(await call(postAlert(ctx, post('', {})))).toMatchObject({ status: 400, body: { error: { code: 'malformed_json' } } });
    expect(await call(postAlert(ctx, post(alert(), { 'content-type': 'text/plain' })))).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type' } },
    });
    const big = JSON.stringify(alert({ body: 'x'.repeat(70 * 1024) }));
    expect(await call(postAlert(ctx, post(big)))).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    expect(await call(postAlert(ctx, post(alert(), { 'content-type': 'application/json; charset=utf-8' })))).toMatchObject({ status: 201 });
  });

  it('before the launch: 409 not_launched for send and schedule, leaving no sendable alert; drafts still work', async () => {
    await setSetting(ctx.db, 'launchedAt', null);
    try {
      const before = await ctx.db.alert.count({ where: { status: { notIn: ['CANCELLED', 'DRAFT'] } } });
      const r = await call(postAlert(ctx, post(alert({ urgency: 'urgent', urgentReason: 'Frana', send: true }))));
      expect(r.status).toBe(409);
      expect(r.body.error).toMatchObject({ code: 'not_launched', message: expect.stringContaining('not been launched') });
      expect((await call(postAlert(ctx, post(alert({ scheduledAt: '2026-11-30T10:00:00Z' }))))).body.error.code).toBe('not_launched');
      expect(await ctx.db.alert.count({ where: { status: { notIn: ['CANCELLED', 'DRAFT'] } } })).toBe(before);
      expect((await call(postAlert(ctx, post(alert())))).status).toBe(201);
    } finally {
      await launch(ctx);
    }
  });

  it('replays the first answer for the same Idempotency-Key and refuses it with another body', async () => {
    const body = alert({ title: 'Una volta sola', urgency: 'urgent', urgentReason: 'Allagamento', send: true });
    const first = await call(postAlert(ctx, post(body, { 'idempotency-key': 'abc-123' })));
    const again = await call(postAlert(ctx, post(body, { 'idempotency-key': 'abc-123' })));
    expect(first.status).toBe(201);
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/api/v1/alerts/${first.body.id}`);
    expect(await ctx.db.alert.count({ where: { title: 'Una volta sola' } })).toBe(1);

    const other = await call(postAlert(ctx, post({ ...body, title: 'Altro' }, { 'idempotency-key': 'abc-123' })));
    expect(other).toMatchObject({ status: 422, body: { error: { code: 'idempotency_key_reused' } } });
    expect((await call(postAlert(ctx, post(body, { 'idempotency-key': 'spazi non ammessi' })))).status).toBe(422);

    // Errors are kept too (the same bad body gets the same answer); after 24 hours the key is free again.
    ctx.clock.advance(24 * 3600 * 1000 + 1000);
    const later = await call(postAlert(ctx, post(body, { 'idempotency-key': 'abc-123' })));
    expect(later.status).toBe(201);
    expect(later.body.id).not.toBe(first.body.id);
  });
});

describe('GET /api/v1/alerts/:id', () => {
  const get = (id: string, auth = `Bearer ${key}`) =>
    call(getAlertStatus(ctx, new Request(`${URL_BASE}/alerts/${id}`, { headers: { authorization: auth, [CLIENT_IP_HEADER]: '203.0.113.10' } }), id));

  it('gives the status and the delivery counts by state', async () => {
    const sent = await call(postAlert(ctx, post(alert({ send: true, urgency: 'urgent', urgentReason: 'Incidente', topics: ['urgenze'] }))));
    await ctx.db.delivery.updateMany({ where: { alertId: sent.body.id }, data: { status: 'DELIVERED' } });
    const r = await get(sent.body.id);
    expect(r.status).toBe(200);
    const body = alertStatusSchema.parse(r.body);
    expect(body).toMatchObject({ id: sent.body.id, status: 'sending', urgency: 'urgent', topics: ['urgenze'], recipients: 2, percentDone: 100, done: true });
    expect(body.deliveries).toEqual({ total: 2, queued: 0, sending: 0, sent: 0, delivered: 2, read: 0, failed: 0, skipped: 0, cancelled: 0 });
  });

  it('returns the same plain-language advice as the composer, when creating and when reading', async () => {
    const input = { title: 'ZTL CHIUSA DOMANI', body: 'La ZTL resta chiusa domani per il mercato. Info: https://comune.example.it/x?id=48213' };
    const created = await call(postAlert(ctx, post(alert(input))));
    expect(created.status).toBe(201);
    const codes = created.body.advice.map((a: { code: string }) => a.code).sort();
    expect(codes).toEqual(['abbreviation', 'all_caps_title', 'bare_link', 'long_link']);
    const expected = plainLanguageAdvice(input, (await loadTemplateState(ctx.db, await loadSettings(ctx.db), 'alert')).shape).advice;
    expect(created.body.advice).toEqual(expected);
    const read = await get(created.body.id);
    expect(alertStatusSchema.parse(read.body).advice).toEqual(expected);
  });

  it('404 for an unknown or malformed id; 401 for a revoked key', async () => {
    expect(await get('00000000-0000-4000-8000-000000000000')).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect(await get('nope')).toMatchObject({ status: 404 });
    const k = await createApiKey(ctx, { actor: admin, input: { name: 'Revocata' } });
    await revokeApiKey(ctx, { actor: admin, id: k.id });
    const r = await get('00000000-0000-4000-8000-000000000000', `Bearer ${k.key}`);
    expect(r).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated', details: { reason: 'revoked' } } } });
    expect(r.headers.get('www-authenticate')).toContain('Bearer');
  });
});

describe('GET /api/v1/topics', () => {
  const get = (k: string) => new Request(`${URL_BASE}/topics`, { headers: { authorization: `Bearer ${k}`, [CLIENT_IP_HEADER]: '203.0.113.11' } });

  it('lists the active topics in their order, without retired ones, to a draft-only key; refuses a key without alerts:draft', async () => {
    await ctx.db.topic.create({ data: { slug: 'fiere', name: 'Fiere', description: 'Mercati e fiere', position: 0, active: false } });
    await ctx.db.topic.create({ data: { slug: 'scuole', name: 'Scuole', description: '', position: 0 } });
    try {
      const draftKey = (await createApiKey(ctx, { actor: admin, input: { name: 'Bozze', scopes: ['alerts:draft'] } })).key;
      const r = await call(getTopics(ctx, get(draftKey)));
      expect(r.status).toBe(200);
      expect(topicsSchema.parse(r.body)).toEqual({
        topics: [
          { slug: 'scuole', name: 'Scuole', description: '' },
          { slug: 'viabilita', name: 'Viabilità e traffico', description: 'Traffico, cantieri, deviazioni' },
          { slug: 'chiusura-strade', name: 'Chiusura strade', description: 'Strade chiuse e divieti temporanei' },
          { slug: 'urgenze', name: 'Avvisi urgenti', description: 'Emergenze e avvisi di protezione civile' },
        ],
      });
      const statsKey = (await createApiKey(ctx, { actor: admin, input: { name: 'Statistiche', scopes: ['stats:read'] } })).key;
      const refused = await call(getTopics(ctx, get(statsKey)));
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'insufficient_scope' } } });
      expect((await call(getTopics(ctx, get('bnd_wrong')))).status).toBe(401);
    } finally {
      await ctx.db.topic.deleteMany({ where: { slug: { in: ['fiere', 'scuole'] } } });
    }
  });
});

describe('GET /api/v1/zones and zones in POST /api/v1/alerts', () => {
  const get = (k: string) => new Request(`${URL_BASE}/zones`, { headers: { authorization: `Bearer ${k}`, [CLIENT_IP_HEADER]: '203.0.113.12' } });

  it('lists the active zones in their order; an alert for a zone reaches its subscribers and those with no zone', async () => {
    const centro = await ctx.db.zone.create({ data: { slug: 'centro', name: 'Centro storico', position: 1 } });
    await ctx.db.zone.create({ data: { slug: 'scomigo', name: 'Scomigo', kind: 'FRAZIONE', position: 2 } });
    await ctx.db.zone.create({ data: { slug: 'ritirata', name: 'Zona ritirata', position: 3, active: false } });
    const scomigo = await ctx.db.zone.findUniqueOrThrow({ where: { slug: 'scomigo' } });
    try {
      const r = await call(getZones(ctx, get(key)));
      expect(r.status).toBe(200);
      expect(zonesSchema.parse(r.body)).toEqual({
        zones: [
          { slug: 'centro', name: 'Centro storico', kind: 'quartiere', description: '' },
          { slug: 'scomigo', name: 'Scomigo', kind: 'frazione', description: '' },
        ],
      });
      const statsKey = (await createApiKey(ctx, { actor: admin, input: { name: 'Solo statistiche', scopes: ['stats:read'] } })).key;
      expect(await call(getZones(ctx, get(statsKey)))).toMatchObject({ status: 403, body: { error: { code: 'insufficient_scope' } } });

      // Three followers of viabilita: one in the centre, one in Scomigo, one with no zone.
      const ids = await addSubscribers(ctx, 3, ['viabilita']);
      await ctx.db.subscriberZone.create({ data: { subscriberId: ids[0]!, zoneId: centro.id } });
      await ctx.db.subscriberZone.create({ data: { subscriberId: ids[1]!, zoneId: scomigo.id } });
      const sent = await call(postAlert(ctx, post(alert({ zones: ['centro'], urgency: 'urgent', urgentReason: 'Allagamento', send: true }))));
      expect(sent.status).toBe(201);
      const reached = new Set(
        (await ctx.db.delivery.findMany({ where: { alertId: sent.body.id }, select: { subscriberId: true } })).map((d) => d.subscriberId),
      );
      expect(reached.has(ids[0]!)).toBe(true);
      expect(reached.has(ids[1]!)).toBe(false);
      expect(reached.has(ids[2]!)).toBe(true);
      expect(
        (
          await call(
            getAlertStatus(
              ctx,
              new Request(`${URL_BASE}/alerts/${sent.body.id}`, { headers: { authorization: `Bearer ${key}`, [CLIENT_IP_HEADER]: '203.0.113.12' } }),
              sent.body.id,
            ),
          )
        ).body.zones,
      ).toEqual(['centro']);

      const refused = await call(postAlert(ctx, post(alert({ zones: ['ritirata'] }))));
      expect(refused.status).toBe(422);
      expect(JSON.stringify(refused.body)).toContain('Zona ritirata, non più disponibile per nuovi avvisi: ritirata.');
    } finally {
      await ctx.db.zone.deleteMany({ where: { slug: { in: ['centro', 'scomigo', 'ritirata'] } } });
    }
  });
});
