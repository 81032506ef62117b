/**
 * Meta's template webhooks (message_template_status_update, template_category_update) in Meta's
 * shapes, signed, through the app's real receiver, queue and processor, into the real database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInboundBatch } from '../inbound/process-events';
import { receiveWebhook } from '../inbound/receive-webhook';
import { createTestContext, type TestContext } from '../testing/test-context';
import { metaJson, templateCategoryUpdate, templateStatusUpdate, webhookPayload, type Json } from '../whatsapp/fixtures';
import { signPayload } from '../whatsapp/signature';
import { parseWebhookBody } from '../whatsapp/webhook-parse';
import { templateHoldCause } from './template-hold';

let ctx: TestContext;
let time = 1_764_412_800;

beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => {
  await ctx?.close();
});

/** One signed POST with one change, then the worker's processing of the queue. */
async function post(change: { field: string; value: Json }): Promise<void> {
  const raw = Buffer.from(metaJson(webhookPayload({ entries: [{ time: ++time, changes: [change] }] })));
  expect(await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).toMatchObject({ status: 200, stored: 1 });
  await processInboundBatch(ctx);
}

const row = (name = 'avviso_comune') => ctx.db.whatsAppTemplate.findUniqueOrThrow({ where: { name_language: { name, language: 'it' } } });

describe('template webhooks', () => {
  it('parses the impending notice and the completed change as Meta documents them', () => {
    const parse = (c: { field: string; value: Json }) => parseWebhookBody(metaJson(webhookPayload({ entries: [{ time: 1_764_412_800, changes: [c] }] })));
    expect(parse(templateCategoryUpdate({ impending: true, effectiveAt: 1_765_000_000 }))).toMatchObject({
      ok: true,
      skipped: [],
      events: [
        {
          kind: 'template_category',
          impending: true,
          newCategory: 'MARKETING',
          previousCategory: 'UTILITY',
          effectiveAt: new Date(1_765_000_000_000),
          name: 'avviso_comune',
        },
      ],
    });
    expect(parse(templateCategoryUpdate({ from: 'UTILITY', to: 'MARKETING' }))).toMatchObject({
      events: [{ kind: 'template_category', impending: false, newCategory: 'MARKETING', previousCategory: 'UTILITY', effectiveAt: null }],
    });
    // Malformed: skipped with its reason, never a crash.
    expect(parse({ field: 'template_category_update', value: { message_template_name: 'x' } })).toMatchObject({ ok: true, events: [] });
    const noCategory = parse({
      field: 'template_category_update',
      value: { message_template_id: 1, message_template_name: 'x', message_template_language: 'it' },
    });
    expect(noCategory).toMatchObject({ ok: true, events: [], skipped: [{ reason: 'invalid:new_category' }] });
  });

  it('stores every status event with its reason and time; FLAGGED and unknown events keep the status', async () => {
    await post(templateStatusUpdate({ event: 'APPROVED' }));
    expect(await row()).toMatchObject({ status: 'APPROVED', category: 'UTILITY', statusReason: 'APPROVED', metaId: '1252715608684590' });
    expect((await row()).statusChangedAt).toEqual(new Date(time * 1000));

    await post(templateStatusUpdate({ event: 'FLAGGED', reason: 'LOW_QUALITY' }));
    expect(await row()).toMatchObject({ status: 'APPROVED', statusReason: 'FLAGGED: LOW_QUALITY' });

    await post(templateStatusUpdate({ event: 'PAUSED', reason: 'QUALITY_PAUSE' }));
    expect(await row()).toMatchObject({ status: 'PAUSED', statusReason: 'PAUSED: QUALITY_PAUSE' });

    await post(templateStatusUpdate({ event: 'SOMETHING_META_ADDS_LATER', reason: 'NONE' }));
    expect(await row()).toMatchObject({ status: 'PAUSED', statusReason: 'SOMETHING_META_ADDS_LATER' });

    await post(templateStatusUpdate({ event: 'REJECTED' }));
    expect(await row()).toMatchObject({ status: 'REJECTED', rejectedReason: 'INCORRECT_CATEGORY' });

    await post(templateStatusUpdate({ event: 'DISABLED' }));
    expect(await row()).toMatchObject({ status: 'DISABLED', rejectedReason: null });

    await post(templateStatusUpdate({ event: 'APPROVED' }));
    expect(await row()).toMatchObject({ status: 'APPROVED' });
    // Nothing parked, nothing left waiting.
    expect((await ctx.pool.query('SELECT count(*)::int AS n FROM inbound_events WHERE processed_at IS NULL')).rows[0].n).toBe(0);
  });

  it('records the notice, then the change to MARKETING (audited, held until a person decides)', async () => {
    await post(templateCategoryUpdate({ impending: true, effectiveAt: 1_765_000_000 }));
    expect(await row()).toMatchObject({ category: 'UTILITY', impendingCategory: 'MARKETING', impendingCategoryAt: new Date(1_765_000_000_000) });
    expect(templateHoldCause(await row())).toBeNull();

    await post(templateCategoryUpdate({ from: 'UTILITY', to: 'MARKETING' }));
    const t = await row();
    expect(t).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY', impendingCategory: null, categoryChangedAt: new Date(time * 1000) });
    expect(templateHoldCause(t)).toBe('marketing');
    expect(await ctx.db.auditLog.findFirst({ where: { action: 'template_category_change', target: 'avviso_comune/it' } })).toMatchObject({
      actorEmail: 'system:meta',
      details: { from: 'UTILITY', to: 'MARKETING', held: true },
    });

    // The same POST again (Meta retries) changes nothing and is not audited twice.
    const raw = Buffer.from(metaJson(webhookPayload({ entries: [{ time, changes: [templateCategoryUpdate({ from: 'UTILITY', to: 'MARKETING' })] }] })));
    expect(await receiveWebhook(ctx, raw, signPayload(raw, ctx.whatsapp.appSecret))).toMatchObject({ status: 200, stored: 0, duplicates: 1 });
    expect(await ctx.db.auditLog.count({ where: { action: 'template_category_change' } })).toBe(1);
  });

  it('creates the row for a template it never listed', async () => {
    await post(templateCategoryUpdate({ id: 77, name: 'promemoria_tari', from: 'UTILITY', to: 'MARKETING' }));
    expect(await row('promemoria_tari')).toMatchObject({ category: 'MARKETING', metaId: '77' });
  });
});
