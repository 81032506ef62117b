import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAlert } from '../alerts/get-alert';
import { alertsCommands } from '../cli/commands-alerts';
import { createAlert } from '../alerts/create-alert';
import { sendTestAlert } from '../alerts/send-test-alert';
import { composeInput } from '../alerts/test-fixtures';
import { staffActor } from '../testing/fixtures';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { sendOutboxBatch } from '../outbox/send-outbox';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createGraphClient, type GraphClient } from '../whatsapp/client';
import { startHarness, TEST_IDS, type Harness } from '../whatsapp/simulator/test-support';
import { listTemplates } from './list-templates';
import { loadTemplateState } from './load-template';
import { syncTemplates, syncTemplatesAtStartup } from './sync-templates';
import { loadSettings } from '../settings/store';
import { listNotices } from '../notifications/list-notices';
import { refreshAllTemplates } from './refresh-template';

let ctx: TestContext;
let h: Harness;
let graph: GraphClient;
let editor: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  h = await startHarness({
    knobs: { templateApprovalDelayMs: 50 },
    templates: [{ name: 'promemoria_tari', language: 'it', category: 'UTILITY', components: [{ type: 'BODY', text: 'Promemoria: la rata scade il 16.' }] }],
  });
  ctx = await createTestContext({ whatsapp: { graphUrl: h.graphUrl, accessToken: TEST_IDS.accessToken, appSecret: TEST_IDS.appSecret } });
  graph = createGraphClient(h.config);
  editor = await staffActor(ctx, 'EDITOR', { phone: '+393471234567' });
});
afterAll(async () => {
  await h?.close();
  await ctx?.close();
});

/** Hands the simulator's signed template webhooks to the app's real pipeline (receiver -> queue -> processor). */
async function deliverWebhooks(from: number): Promise<number> {
  for (const r of h.receiver.received.slice(from)) {
    expect((await receiveWebhook(ctx, r.raw, r.signature ?? null)).status).toBe(200);
  }
  await processInboundBatch(ctx);
  return h.receiver.received.length;
}

const templateWebhooks = () => h.receiver.received.filter((r) => r.json.entry[0].changes[0].field === 'message_template_status_update');

describe('templates sync against the simulator', () => {
  it('submits the missing standard templates, stores every template, and records the sync', async () => {
    const r = await syncTemplates(ctx, { actor: editor, graph });
    expect(r).toEqual({ created: ['avviso_comune/it', 'benvenuto_servizio/it'], failed: [], total: 3 });
    const rows = await ctx.db.whatsAppTemplate.findMany({ orderBy: { name: 'asc' } });
    expect(rows.map((t) => [t.name, t.status])).toEqual([
      ['avviso_comune', 'PENDING'],
      ['benvenuto_servizio', 'PENDING'],
      ['promemoria_tari', 'APPROVED'],
    ]);
    expect(rows.every((t) => t.metaId && t.lastSyncedAt)).toBe(true);
    expect(await ctx.db.auditLog.findFirst({ where: { action: 'templates_sync' } })).toMatchObject({ actorId: editor.id });
    const state = await loadTemplateState(ctx.db, await loadSettings(ctx.db), 'alert');
    expect(state).toMatchObject({ status: 'PENDING', approved: false });
  });

  it('applies the approval webhooks the simulator sends', async () => {
    await h.receiver.waitFor(() => templateWebhooks().length >= 2, 5000);
    await deliverWebhooks(0);
    const items = await listTemplates(ctx, { actor: editor });
    expect(items.map((t) => [t.name, t.status, t.role])).toEqual([
      ['avviso_comune', 'APPROVED', 'alert'],
      ['benvenuto_servizio', 'APPROVED', 'welcome'],
      ['promemoria_tari', 'APPROVED', null],
    ]);
    expect(items[0]!.statusLabel).toBe('Approvato');
    // A second sync creates nothing.
    expect((await syncTemplates(ctx, { actor: editor, graph })).created).toEqual([]);
  });

  it('a test send reaches the simulated phone with exactly the previewed text', async () => {
    const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ body: 'Riga uno\nRiga due', link: 'https://comune.example.it/x' }) });
    await sendTestAlert(ctx, { actor: editor, alertId: id });
    expect(await sendOutboxBatch(ctx, graph)).toBe(1);
    const [msg] = h.sim.messagesFor('393471234567');
    const { fit } = await getAlert(ctx, { actor: editor, alertId: id });
    expect(msg).toMatchObject({ type: 'template', text: fit.preview, footer: fit.footer, template: { name: 'avviso_comune', language: 'it' } });
  });

  it('records a rejection with its reason', async () => {
    const admin = await staffActor(ctx, 'ADMIN');
    const mark = h.receiver.received.length;
    const res = await h.control('/templates/benvenuto_servizio/status', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'REJECTED', reason: 'INVALID_FORMAT' }),
    });
    expect(res.status).toBe(200);
    await h.receiver.waitFor((all) => all.length > mark, 5000);
    await deliverWebhooks(mark);
    const row = await ctx.db.whatsAppTemplate.findFirstOrThrow({ where: { name: 'benvenuto_servizio' } });
    expect(row).toMatchObject({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' });
    // Admins are told once (issue 12): the sync that follows sees nothing new.
    await syncTemplates(ctx, { actor: editor, graph });
    expect((await listNotices(ctx, { actor: admin })).notices).toMatchObject([
      { kind: 'template_changed', title: 'Modello rifiutato da Meta: benvenuto_servizio', link: '/dashboard/modelli' },
    ]);
    expect((await listNotices(ctx, { actor: admin })).notices[0]!.body).toContain('INVALID_FORMAT');
  });

  it('a category change only the periodic re-read sees (webhook lost) tells admins once', async () => {
    const admin = await staffActor(ctx, 'ADMIN');
    const res = await h.control('/templates/promemoria_tari/category', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'MARKETING' }),
    });
    expect(res.status).toBe(200);
    expect(await refreshAllTemplates(ctx, graph)).toBeGreaterThan(0);
    expect(await refreshAllTemplates(ctx, graph)).toBeGreaterThan(0);
    const notices = (await listNotices(ctx, { actor: admin })).notices;
    expect(notices).toMatchObject([{ kind: 'template_changed', title: 'Modello spostato in MARKETING: promemoria_tari', link: '/dashboard/modelli' }]);
    expect(notices[0]!.body).toContain('dalla categoria UTILITY alla categoria MARKETING');
    expect((await listNotices(ctx, { actor: editor })).notices.filter((n) => n.kind === 'template_changed')).toHaveLength(0);
  });

  it('`npm run cli -- templates:sync` prints every template and its status', async () => {
    const out: string[] = [];
    const code = await alertsCommands['templates:sync']!.run(ctx, [], { readFile: async () => '', out: (l) => void out.push(l) });
    expect(code).toBe(0);
    expect(out).toEqual([
      expect.stringMatching(/^avviso_comune\/it +APPROVED$/),
      expect.stringMatching(/^benvenuto_servizio\/it +REJECTED \(INVALID_FORMAT\)$/),
      expect.stringMatching(/^promemoria_tari\/it +APPROVED$/),
    ]);
  });

  it('at start-up a failure is logged, never thrown', async () => {
    const wrong = createGraphClient({ ...h.config, accessToken: 'wrong' });
    expect(await syncTemplatesAtStartup(ctx, wrong)).toBeNull();
  });
});
