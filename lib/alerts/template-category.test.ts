/**
 * Issue 10, "templates follow Meta": a template moved to MARKETING holds the alerts that need it,
 * and nothing is sent with it until a person decides. Meta is the project's simulator (real HTTP);
 * its template_category_update / message_template_status_update webhooks and the delivery statuses
 * go through the app's real receiver, queue and processor; the real delivery engine sends.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { resumeAlert } from '../delivery/pause-alert';
import { statusCounts, waitFor } from '../delivery/testing/fixtures';
import { getAlertStatusForApi } from '../api/alerts-api';
import { seedSubscribers } from '../testing/fixtures';
import { setSetting } from '../settings/store';
import { startHoldHarness, type HoldHarness } from './testing/hold-harness';
import { acceptTemplateCategory } from './accept-template-category';
import { createAlert } from './create-alert';
import { getAlert } from './get-alert';
import { resubmitTemplateAsUtility } from './resubmit-template';
import { sendAlertNow } from './send-alert-now';
import { composeInput, newTopic } from './test-fixtures';
import { runMaintenance } from '../worker/maintenance';

const TEMPLATE = { name_language: { name: 'avviso_comune', language: 'it' } };

let hh: HoldHarness;
let h: HoldHarness['h'];
let ctx: AppContext;
let editor: HoldHarness['editor'];
let admin: HoldHarness['admin'];
const control = (path: string, body: unknown) => hh.control(path, body);
const template = () => hh.template();
const alertRow = (id: string) => hh.alertRow(id);
async function newAlert(count: number, start: number): Promise<string> {
  const topic = await newTopic(ctx);
  await seedSubscribers(h.ctx, { count, start, topicSlug: topic.slug });
  return (await createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug] }) })).id;
}

beforeAll(async () => {
  hh = await startHoldHarness();
  ({ h, ctx, editor, admin } = hh);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('a template Meta moves to MARKETING', () => {
  it('is stored from the impending notice and the change, and holds the next alert: nothing is sent until a person accepts', async () => {
    expect(await template()).toMatchObject({ status: 'APPROVED', category: 'UTILITY' });
    // Meta's advance notice first: recorded, nothing changes yet.
    await control('templates/avviso_comune/category', { category: 'MARKETING', impending: true, effectiveInMs: 86_400_000 });
    await waitFor(template, (t) => t.impendingCategory === 'MARKETING', 5000);
    expect(await template()).toMatchObject({ category: 'UTILITY', previousCategory: null });
    expect((await template()).impendingCategoryAt!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);

    // Then the change itself.
    await control('templates/avviso_comune/category', { category: 'MARKETING' });
    const t = await waitFor(template, (x) => x.category === 'MARKETING', 5000);
    expect(t).toMatchObject({ previousCategory: 'UTILITY', impendingCategory: null, acceptedCategory: null });
    expect(t.categoryChangedAt).not.toBeNull();
    const audit = await h.ctx.db.auditLog.findFirstOrThrow({ where: { action: 'template_category_change' } });
    expect(audit).toMatchObject({ actorEmail: 'system:meta', target: 'avviso_comune/it', details: { from: 'UTILITY', to: 'MARKETING', held: true } });

    const sentBefore = h.sim.stats().acceptedSends;
    const alertId = await newAlert(30, 1000);
    const r = await sendAlertNow(ctx, { actor: editor, alertId });
    expect(r).toMatchObject({ status: 'PAUSED', recipients: 30 });
    expect(await alertRow(alertId)).toMatchObject({ status: 'PAUSED', pausedReason: 'template_category:avviso_comune/it', templateCategory: 'MARKETING' });

    // The dashboard and the API say why, in words a person can act on.
    const view = await getAlert(ctx, { actor: editor, alertId });
    expect(view.hold).toMatchObject({ code: 'template_category' });
    expect(view.hold!.messageIt).toContain('MARKETING');
    const api = await getAlertStatusForApi(ctx, {
      actor: { kind: 'api_key', id: 'k', name: 'k', role: 'EDITOR', scopes: ['alerts:draft', 'alerts:send'] },
      alertId,
    });
    expect(api).toMatchObject({ status: 'paused', hold: { code: 'template_category' } });
    expect(api.hold!.message).toMatch(/^Held: Meta moved template "avviso_comune" to the MARKETING category/);

    // The engine runs all along: nothing goes out with that template, and a plain resume is refused.
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.sim.stats().acceptedSends).toBe(sentBefore);
    expect(await statusCounts(h.ctx, alertId)).toEqual({ QUEUED: 30 });
    await expect(resumeAlert(ctx, { actor: editor, alertId })).rejects.toMatchObject({ code: 'template_not_ready' });

    // A person decides: accepted, audited, the alert goes on at once.
    const decision = await acceptTemplateCategory(ctx, { actor: admin, name: 'avviso_comune', language: 'it' });
    expect(decision).toMatchObject({ category: 'MARKETING', released: [alertId] });
    expect(await h.ctx.db.auditLog.findFirstOrThrow({ where: { action: 'template_category_accept' } })).toMatchObject({ actorId: admin.id });
    await waitFor(
      () => alertRow(alertId),
      (a) => a.status === 'SENT',
      20_000,
    );
    expect(h.sim.stats().acceptedSends).toBe(sentBefore + 30);
    // Meta's pricing object on the delivered statuses is counted for the month's spend.
    await waitFor(
      () => h.ctx.db.messageCharge.aggregate({ _sum: { count: true }, where: { category: 'MARKETING' } }),
      (s) => Number(s._sum.count ?? 0) === 30,
      10_000,
    );
  }, 60_000);

  it('stops an alert already sending, and a resubmission as UTILITY resumes it once Meta approves it', async () => {
    // Meta moves it back to UTILITY first: the earlier acceptance of MARKETING no longer applies.
    await control('templates/avviso_comune/category', { category: 'UTILITY' });
    await waitFor(template, (x) => x.category === 'UTILITY', 5000);
    expect((await template()).acceptedCategory).toBeNull();

    await setSetting(h.ctx.db, 'messagesPerSecond', 20);
    const before = h.sim.stats().acceptedSends;
    const alertId = await newAlert(120, 5000);
    expect((await sendAlertNow(ctx, { actor: editor, alertId })).status).toBe('SENDING');
    await waitFor(
      async () => h.ctx.db.delivery.count({ where: { alertId, status: { not: 'QUEUED' } } }),
      (n) => n >= 10,
      10_000,
      20,
    );
    await control('templates/avviso_comune/category', { category: 'MARKETING' });
    await waitFor(
      () => alertRow(alertId),
      (a) => a.status === 'PAUSED',
      5000,
      20,
    );
    expect((await alertRow(alertId)).pausedReason).toBe('template_category:avviso_comune/it');
    // What was in flight finishes (every worker drops a paused alert's claims within a second); then nothing more goes out.
    await new Promise((r) => setTimeout(r, 1500));
    const frozen = h.sim.stats().acceptedSends;
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.sim.stats().acceptedSends).toBe(frozen);
    expect(frozen).toBeLessThan(before + 120);
    expect((await statusCounts(h.ctx, alertId)).QUEUED ?? 0).toBeGreaterThan(0);

    // Resubmitted: PENDING at Meta, still held while Meta reviews it.
    const r = await resubmitTemplateAsUtility(ctx, { actor: editor, name: 'avviso_comune', language: 'it', graph: h.graph() });
    expect(r.released).toEqual([]);
    expect(await h.ctx.db.auditLog.findFirstOrThrow({ where: { action: 'template_resubmit' } })).toMatchObject({
      actorId: editor.id,
      target: 'avviso_comune/it',
    });
    // Meta approves it as UTILITY (status webhook after the simulated review): the alert finishes.
    await waitFor(
      () => alertRow(alertId),
      (a) => a.status === 'SENT',
      30_000,
    );
    expect(await template()).toMatchObject({ status: 'APPROVED', category: 'UTILITY', resubmittedAt: null });
    // Every recipient exactly once: the held part went out after the approval, nothing twice.
    expect(h.sim.stats().acceptedSends).toBe(before + 120);
    expect(h.sim.stats().duplicateRecipientsCount).toBe(0);
  }, 90_000);

  it('is seen at the send decision when its webhook was lost, and the local copy is used when Meta cannot be read', async () => {
    await setSetting(h.ctx.db, 'messagesPerSecond', 200);
    // Meta changes the category but the webhook never arrives (answered 500 until Meta gives up).
    const before = (await template()).category;
    expect(before).toBe('UTILITY');
    const stale = new Date(Date.now() - 10 * 60 * 1000);
    await control('templates/avviso_comune/category', { category: 'MARKETING' });
    await h.sim.webhooksIdle();
    await waitFor(template, (x) => x.category === 'MARKETING', 5000);
    // As if that webhook had been lost: our copy says UTILITY, last read ten minutes ago.
    await h.ctx.db.whatsAppTemplate.update({ where: TEMPLATE, data: { category: 'UTILITY', lastSyncedAt: stale } });

    const alertId = await newAlert(5, 9000);
    const sent = await sendAlertNow(ctx, { actor: editor, alertId });
    expect(sent.status).toBe('PAUSED');
    expect(await template()).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
    expect((await template()).lastSyncedAt!.getTime()).toBeGreaterThan(stale.getTime());

    // Meta unreachable: the decision uses the local copy (held, MARKETING) and says so in the log.
    await acceptTemplateCategory(ctx, { actor: admin, name: 'avviso_comune', language: 'it' });
    await h.ctx.db.whatsAppTemplate.update({ where: TEMPLATE, data: { lastSyncedAt: stale } });
    const warnings: string[] = [];
    const log = ctx.log;
    ctx.log = { ...log, warn: (msg: string, f?: Record<string, unknown>) => (warnings.push(msg), log.warn(msg, f)) } as typeof log;
    h.ctx.whatsapp = { ...h.ctx.whatsapp, graphUrl: 'http://127.0.0.1:9' };
    try {
      const second = await newAlert(5, 9100);
      expect((await sendAlertNow(ctx, { actor: editor, alertId: second })).status).toBe('SENDING');
    } finally {
      h.ctx.whatsapp = { ...h.ctx.whatsapp, graphUrl: h.graphUrl };
      ctx.log = log;
    }
    expect(warnings).toContain('template re-read from Meta failed; using the local copy');
  }, 60_000);

  it('is caught by the worker’s periodic re-read when no webhook came, pausing the alert being sent', async () => {
    // Our copy says UTILITY (fresh, so the send decision does not re-read); Meta says MARKETING.
    await h.ctx.db.whatsAppTemplate.update({
      where: TEMPLATE,
      data: { category: 'UTILITY', acceptedCategory: null, acceptedBy: null, acceptedAt: null, lastSyncedAt: new Date() },
    });
    await setSetting(h.ctx.db, 'messagesPerSecond', 20);
    const alertId = await newAlert(100, 12_000);
    expect((await sendAlertNow(ctx, { actor: editor, alertId })).status).toBe('SENDING');
    const r = await runMaintenance(ctx);
    expect(r.templates).toBeGreaterThanOrEqual(1);
    expect(r.held).toBeGreaterThanOrEqual(1);
    expect(await alertRow(alertId)).toMatchObject({ status: 'PAUSED', pausedReason: 'template_category:avviso_comune/it' });
    expect(await template()).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
    await acceptTemplateCategory(ctx, { actor: admin, name: 'avviso_comune', language: 'it' });
    expect((await alertRow(alertId)).status).toBe('SENDING');
  }, 30_000);
});
