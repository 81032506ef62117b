import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { createAlert } from '../alerts/create-alert';
import { sendAlertNow } from '../alerts/send-alert-now';
import { approveTemplates, composeInput, launch } from '../alerts/test-fixtures';
import { commands } from '../cli/commands';
import { setSetting } from '../settings/store';
import { addSubscribers, staffActor } from '../testing/fixtures';
import { CONTROL_TOKEN_HEADER } from '../whatsapp/simulator';
import { SIGNATURE_HEADER, signPayload } from '../whatsapp/signature';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
import { getNumberHealth, loadDailyLimit } from './number-health';
import { getDeliveryProgress } from './progress';
import { getNumberStatus } from './get-number-status';
import { resumeAlert } from './pause-alert';
import { listNotices } from '../notifications/list-notices';
import { startSendHarness, type SendHarness } from './testing/harness';
import { statusCounts, waitFor } from './testing/fixtures';
import { refreshNumberHealth } from './update-number-health';

/**
 * The quality guard end to end: quality and limit read from the simulator's Graph stand-in over
 * HTTP, Meta-shaped phone_number_quality_update webhooks posted by the simulator through the real
 * receiver and inbound queue, alerts published through the real use cases, sent by the engine.
 */
let h: SendHarness;
let editor: Awaited<ReturnType<typeof staffActor>>;
const sent = (c: Record<string, number>) => (c.SENT ?? 0) + (c.DELIVERED ?? 0) + (c.READ ?? 0);

const control = (path: string, body?: unknown) =>
  fetch(`${h.graphUrl}/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: h.sim.controlToken },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const health = () => getNumberHealth(h.ctx.pool, TEST_IDS.phoneNumberId);
const alertRow = (id: string) => h.ctx.db.alert.findUniqueOrThrow({ where: { id } });

async function cli(...args: string[]): Promise<string[]> {
  const lines: string[] = [];
  const [name, ...rest] = args;
  expect(await commands[name!]!.run(h.ctx, rest, { readFile: async () => '', out: (l: string) => void lines.push(l) })).toBe(0);
  return lines;
}

async function publish(input: Record<string, unknown>): Promise<string> {
  const { id } = await createAlert(h.ctx as AppContext, { actor: editor, input: composeInput(input) });
  await sendAlertNow(h.ctx as AppContext, { actor: editor, alertId: id });
  return id;
}

beforeAll(async () => {
  h = await startSendHarness({ messagesPerSecond: 500 });
  editor = await staffActor(h.ctx as AppContext, 'EDITOR');
  await approveTemplates(h.ctx as AppContext);
  await launch(h.ctx as AppContext);
  await addSubscribers(h.ctx as AppContext, 30, ['viabilita']);
});

afterAll(async () => {
  await h.close();
});

describe('quality and messaging limit read from Meta', () => {
  it('reads GET /<phone-number-id> fields and uses Meta’s limit instead of the manual setting', async () => {
    await setSetting(h.ctx.db, 'dailyRecipientLimit', 250);
    expect(await (await control('/number', { messagingLimit: 'TIER_2K' })).json()).toMatchObject({ messagingLimit: 'TIER_2K', event: 'DOWNGRADE' });
    // The simulator also posts Meta's phone_number_quality_update for it: wait until it is applied, or
    // it could land in a later test, after its clock has moved, as a fresh read from Meta.
    await waitFor(health, (x) => x?.lastEvent === 'DOWNGRADE', 10_000);
    const read = await refreshNumberHealth(h.ctx as AppContext, h.graph());
    expect(read).toMatchObject({
      qualityRating: 'GREEN',
      messagingLimit: 'TIER_2K',
      throughputLevel: 'STANDARD',
      flagged: false,
      source: 'meta',
      readError: null,
    });
    expect(read?.readAt?.getTime()).toBe(h.ctx.now().getTime());
    expect(await loadDailyLimit(h.ctx, 250)).toMatchObject({ limit: 2000, source: 'meta', tier: 'TIER_2K' });

    const lines = await cli('delivery:status');
    expect(lines).toContain('Qualità del numero: buona (verde) (letta da Meta il 29/11/26, 11:00)');
    expect(lines).toContain('Limite giornaliero in uso: 2000 persone in 24 ore (da Meta: TIER_2K, letto il 29/11/26, 11:00)');
    expect(lines).toContain('Throughput del numero (Meta): STANDARD');
  });

  it('falls back to the manual setting only when Meta cannot be read', async () => {
    // Meta unreachable: the error is kept, the figures read earlier stay in use while fresh.
    const down = await refreshNumberHealth(h.ctx as AppContext, h.graph(1000, fetch, 'http://127.0.0.1:9'));
    expect(down).toMatchObject({ messagingLimit: 'TIER_2K', source: 'meta' });
    expect(down?.readError).toMatch(/GraphNetworkError: Graph API unreachable/);
    expect((await loadDailyLimit(h.ctx, 250)).limit).toBe(2000);
    // A day later without a successful read Meta's figure is stale: the admin's setting is used.
    h.ctx.clock.advance(24 * 3600_000 + 1000);
    await refreshNumberHealth(h.ctx as AppContext, h.graph(1000, fetch, 'http://127.0.0.1:9'));
    expect(await loadDailyLimit(h.ctx, 250)).toMatchObject({ limit: 250, source: 'manual', tier: 'TIER_2K' });
    expect((await health())?.source).toBe('manual');
    const lines = await cli('delivery:status');
    expect(lines.find((l) => l.startsWith('Limite giornaliero in uso:'))).toMatch(
      /^Limite giornaliero in uso: 250 persone in 24 ore \(impostazione manuale dailyRecipientLimit: Meta non risponde da più di 24 ore; Meta indicava TIER_2K il /,
    );
    // Meta answers again.
    await refreshNumberHealth(h.ctx as AppContext, h.graph());
    expect(await loadDailyLimit(h.ctx, 250)).toMatchObject({ limit: 2000, source: 'meta' });
  });

  it('applies limit webhooks at once: phone_number_quality_update and business_capability_update', async () => {
    await control('/number', { messagingLimit: 'TIER_10K' });
    await waitFor(health, (x) => x?.messagingLimit === 'TIER_10K', 10_000);
    expect((await health())?.lastEvent).toBe('UPGRADE');
    expect((await loadDailyLimit(h.ctx, 250)).limit).toBe(10_000);

    // Meta's account webhook for the portfolio's limit, signed, through the app's receiver.
    const signed = async (value: unknown, field: string) => {
      const body = JSON.stringify({
        object: 'whatsapp_business_account',
        entry: [{ id: TEST_IDS.wabaId, time: Math.floor(Date.now() / 1000), changes: [{ value, field }] }],
      });
      const res = await fetch(h.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signPayload(body, TEST_IDS.appSecret) },
        body,
      });
      expect(res.status).toBe(200);
    };
    await signed(
      { max_daily_conversation_per_phone: 100000, max_daily_conversations_per_business: 100000, max_phone_numbers_per_business: 2 },
      'business_capability_update',
    );
    await waitFor(health, (x) => x?.messagingLimit === 'TIER_100K', 10_000);
    // Another number of the same account being flagged is not ours.
    await signed({ display_phone_number: '15550783881', event: 'FLAGGED', max_daily_conversations_per_business: 'TIER_100K' }, 'phone_number_quality_update');
    await signed({ max_daily_conversations_per_business: 10000 }, 'business_capability_update');
    await waitFor(health, (x) => x?.messagingLimit === 'TIER_10K', 10_000);
    expect((await health())?.flagged).toBe(false);
  });
});

describe('a FLAGGED number holds normal alerts and lets urgent ones go', () => {
  it('holds normal alerts (sending and new), sends urgent ones, and resumes on UNFLAGGED', { timeout: 60_000 }, async () => {
    const { ctx } = h;
    // An alert already sending when the number gets flagged (the engine is not running yet).
    const before = await publish({ title: 'Prima della segnalazione' });
    expect((await alertRow(before)).status).toBe('SENDING');

    const flagged = await (await control('/number', { event: 'FLAGGED' })).json();
    expect(flagged).toMatchObject({ event: 'FLAGGED', qualityRating: 'RED', webhookStatus: 200 });
    await waitFor(health, (x) => x?.flagged === true, 10_000);
    await waitFor(
      () => alertRow(before),
      (a) => a.status === 'PAUSED',
      10_000,
    );
    expect((await alertRow(before)).pausedReason).toBe('number_quality:FLAGGED');

    const normal = await publish({ title: 'Durante la segnalazione' });
    expect(await alertRow(normal)).toMatchObject({ status: 'PAUSED', pausedReason: 'number_quality:FLAGGED' });
    // Both holds told the author once each (issue 12): one held while sending, one at publish.
    const held = (await listNotices(ctx, { actor: editor })).notices.filter((n) => n.kind === 'alert_held');
    expect(held.map((n) => n.link).sort()).toEqual([`/dashboard/avvisi/${before}`, `/dashboard/avvisi/${normal}`].sort());
    expect(held.map((n) => n.title).sort()).toEqual(['Avviso trattenuto: Durante la segnalazione', 'Avviso trattenuto: Prima della segnalazione']);
    expect(held[0]!.body).toContain('qualità');
    const urgent = await publish({ title: 'Urgente', urgency: 'urgent', urgentReason: 'Allerta meteo' });
    expect((await alertRow(urgent)).status).toBe('SENDING');

    await h.startEngine();
    await waitFor(
      () => alertRow(urgent),
      (a) => a.status === 'SENT',
      20_000,
    );
    expect(sent(await statusCounts(ctx, urgent))).toBe(30);
    // Nothing of the held alerts went out.
    expect(sent(await statusCounts(ctx, normal))).toBe(0);
    expect(sent(await statusCounts(ctx, before))).toBe(0);

    const progress = await getDeliveryProgress(ctx, normal);
    expect(progress?.pausedCode).toBe('number_quality:FLAGGED');
    expect(progress?.pausedReason).toBe(
      'Meta ha segnalato il numero WhatsApp del Comune per qualità bassa: gli avvisi normali sono in attesa per non rischiare la limitazione del numero. Ripartono da soli quando la qualità torna buona; gli avvisi urgenti partono comunque.',
    );
    // Staff cannot resume it by hand meanwhile: it resumes by itself.
    await expect(resumeAlert(ctx, { actor: editor, alertId: normal })).rejects.toMatchObject({ code: 'conflict' });
    expect((await alertRow(normal)).status).toBe('PAUSED');
    // The dashboard (home, settings) says the same.
    const board = await getNumberStatus(ctx as AppContext, { actor: editor });
    expect(board).toMatchObject({ qualityRating: 'GREEN', flagged: true, source: 'meta', heldAlerts: 2 });
    expect(board.quality).toMatch(/^segnalata da Meta come bassa \(FLAGGED il .+\); valutazione precedente: buona \(verde\) \(letta da Meta il /);
    expect(board.hold).toBe('Gli avvisi normali sono in attesa finché la qualità non torna buona (numero segnalato); gli urgenti partono comunque.');
    const status = await cli('delivery:status');
    expect(status).toContain('Gli avvisi normali sono in attesa finché la qualità non torna buona (numero segnalato); gli urgenti partono comunque.');

    // Meta reads RED at the periodic read: still held, for the new reason.
    await refreshNumberHealth(ctx as AppContext, h.graph());
    expect((await health())?.qualityRating).toBe('RED');
    expect(await alertRow(normal)).toMatchObject({ status: 'PAUSED', pausedReason: 'number_quality:FLAGGED' });

    // UNFLAGGED: the held alerts resume by themselves and complete (past Meta's pair rate).
    ctx.clock.advance(10_000);
    await control('/number', { event: 'UNFLAGGED' });
    // Both go to the same people: the test's clock moves on so Meta's pair rate lets the second go.
    await waitFor(
      async () => {
        ctx.clock.advance(1000);
        return [(await alertRow(before)).status, (await alertRow(normal)).status];
      },
      (st) => st.every((x) => x === 'SENT'),
      30_000,
    );
    for (const id of [before, normal]) expect(sent(await statusCounts(ctx, id))).toBe(30);
    const audit = await ctx.db.auditLog.findMany({ where: { target: { in: [before, normal] }, action: { in: ['alert_pause', 'alert_resume'] } } });
    expect(audit.filter((a) => a.action === 'alert_pause').map((a) => [a.target, a.actorEmail])).toEqual([[before, 'system:quality-guard']]);
    expect(audit.filter((a) => a.action === 'alert_resume').map((a) => a.actorEmail)).toEqual(['system:quality-guard', 'system:quality-guard']);
    expect((await ctx.db.auditLog.findFirstOrThrow({ where: { target: normal, action: 'alert_send' } })).details).toMatchObject({
      heldFor: 'number_quality:FLAGGED',
    });
  });

  it('holds for a RED rating read from Meta, and lets go when it is YELLOW again', { timeout: 60_000 }, async () => {
    const { ctx } = h;
    // RED without an event reaching us (the webhook lost): the periodic read alone holds.
    ctx.clock.advance(10_000);
    await ctx.pool.query(`UPDATE number_health SET flagged = false`);
    await control('/number', { qualityRating: 'RED' });
    await waitFor(health, (x) => x?.flagged === true, 10_000);
    await ctx.pool.query(`UPDATE number_health SET flagged = false`);
    await refreshNumberHealth(ctx as AppContext, h.graph());
    expect(await health()).toMatchObject({ qualityRating: 'RED', flagged: false });
    const normal = await publish({ title: 'Con qualità rossa' });
    expect(await alertRow(normal)).toMatchObject({ status: 'PAUSED', pausedReason: 'number_quality:RED' });
    expect((await getDeliveryProgress(ctx, normal))?.pausedReason).toMatch(/^Meta valuta bassa \(rossa\) la qualità del numero WhatsApp del Comune/);

    await control('/number', { qualityRating: 'YELLOW' });
    await waitFor(
      () => alertRow(normal),
      (a) => a.status === 'SENT',
      20_000,
    );
  });
});
