import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../context';
import { statusCounts, waitFor } from '../delivery/testing/fixtures';
import { refreshNumberHealth } from '../delivery/update-number-health';
import { seedSubscribers } from '../testing/fixtures';
import { startHoldHarness, type HoldHarness } from './testing/hold-harness';
import { acceptTemplateCategory } from './accept-template-category';
import { createAlert } from './create-alert';
import { sendAlertNow } from './send-alert-now';
import { composeInput, newTopic } from './test-fixtures';

/**
 * Two holds on one alert: the template's category (a person decides) and the number's quality (the
 * quality guard decides). Whichever ends first, the alert goes on waiting for the other, and
 * nothing is sent until both are over. Simulator for Meta, real receiver, engine and database.
 */
let hh: HoldHarness;
let h: HoldHarness['h'];
let ctx: AppContext;
let editor: HoldHarness['editor'];
let admin: HoldHarness['admin'];
const control = (path: string, body: unknown) => hh.control(path, body);
const template = () => hh.template();
const alertRow = (id: string) => hh.alertRow(id);
/**
 * Meta's two channels, as the simulator plays them: the rating read from the Graph API and the
 * FLAGGED / UNFLAGGED webhook that follows a drop to RED or a recovery. Waits for both, so the
 * hold's reason is settled (number_quality:FLAGGED while flagged) whichever arrives first.
 */
const setQuality = async (qualityRating: 'RED' | 'GREEN') => {
  await control('number', { qualityRating });
  await refreshNumberHealth(ctx, h.graph());
  const health = () => h.ctx.db.numberHealth.findUniqueOrThrow({ where: { phoneNumberId: h.ctx.whatsapp.phoneNumberId } });
  await waitFor(health, (x) => x.flagged === (qualityRating === 'RED'), 5000);
};

let start = 0;
async function newAlert(): Promise<string> {
  const topic = await newTopic(ctx);
  await seedSubscribers(h.ctx, { count: 10, start: (start += 100), topicSlug: topic.slug });
  const { id } = await createAlert(ctx, { actor: editor, input: composeInput({ topics: [topic.slug] }) });
  return id;
}

beforeAll(async () => {
  hh = await startHoldHarness();
  ({ h, ctx, editor, admin } = hh);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('a template hold and a quality hold on the same alert', () => {
  it('a template decision while the number is RED keeps the alert held, now for the quality', async () => {
    await control('templates/avviso_comune/category', { category: 'MARKETING' });
    await waitFor(template, (t) => t.category === 'MARKETING', 5000);
    const alertId = await newAlert();
    expect(await sendAlertNow(ctx, { actor: editor, alertId })).toMatchObject({ status: 'PAUSED' });
    expect(await alertRow(alertId)).toMatchObject({ pausedReason: 'template_category:avviso_comune/it' });

    await setQuality('RED');
    const decision = await acceptTemplateCategory(ctx, { actor: admin, name: 'avviso_comune', language: 'it' });
    expect(decision.released).toEqual([]);
    expect(await alertRow(alertId)).toMatchObject({ status: 'PAUSED', pausedReason: 'number_quality:FLAGGED' });
    await new Promise((r) => setTimeout(r, 800));
    expect(await statusCounts(h.ctx, alertId)).toEqual({ QUEUED: 10 });

    // (The simulator, like Meta, flags a number whose rating drops to RED.) Quality back: the guard resumes it, and it is sent with the accepted category.
    await setQuality('GREEN');
    await waitFor(
      () => alertRow(alertId),
      (a) => a.status === 'SENT',
      20_000,
    );
  });

  it('a quality resume while the template was moved to MARKETING keeps the alert held, now for the template', async () => {
    await setQuality('RED');
    const alertId = await newAlert();
    expect(await sendAlertNow(ctx, { actor: editor, alertId })).toMatchObject({ status: 'PAUSED' });
    expect(await alertRow(alertId)).toMatchObject({ pausedReason: 'number_quality:FLAGGED' });

    // Meta moves the template again (from the accepted MARKETING to a new category review) while
    // the alert waits for the number: here to UTILITY and back to MARKETING, so the acceptance is moot.
    await control('templates/avviso_comune/category', { category: 'UTILITY' });
    await waitFor(template, (t) => t.category === 'UTILITY', 5000);
    await control('templates/avviso_comune/category', { category: 'MARKETING' });
    await waitFor(template, (t) => t.category === 'MARKETING' && t.acceptedCategory === null, 5000);

    await setQuality('GREEN');
    expect(await alertRow(alertId)).toMatchObject({ status: 'PAUSED', pausedReason: 'template_category:avviso_comune/it' });
    await new Promise((r) => setTimeout(r, 800));
    expect(await statusCounts(h.ctx, alertId)).toEqual({ QUEUED: 10 });
  });
});
