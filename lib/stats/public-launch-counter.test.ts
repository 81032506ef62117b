import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchCounter } from '@/components/public/landing/LaunchCounter';
import { setSetting } from '../settings/store';
import { createTestContext, type TestContext } from '../testing/test-context';
import { getPublicLaunchCounter, launchCounterText } from './get-public-launch-counter';
import { join, leave } from './test-support';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(async () => ctx.close());

describe('public launch counter', () => {
  it('counts the missing active subscribers only when shown and not launched', async () => {
    await setSetting(ctx.db, 'launchThreshold', 3);
    await setSetting(ctx.db, 'launchedAt', null);
    expect(await getPublicLaunchCounter(ctx)).toBeNull(); // off by default
    await setSetting(ctx.db, 'launchCounterPublic', true);
    expect(await getPublicLaunchCounter(ctx)).toBe(3);
    await join(ctx, '+393330000001');
    await join(ctx, '+393330000002');
    expect(await getPublicLaunchCounter(ctx)).toBe(1);
    await leave(ctx, '+393330000002');
    expect(await getPublicLaunchCounter(ctx)).toBe(2);
    await join(ctx, '+393330000002');
    await join(ctx, '+393330000003');
    expect(await getPublicLaunchCounter(ctx)).toBeNull(); // threshold reached
    await setSetting(ctx.db, 'launchThreshold', 10);
    await setSetting(ctx.db, 'launchedAt', '2026-11-01T00:00:00.000Z');
    expect(await getPublicLaunchCounter(ctx)).toBeNull(); // launched
  });

  it('says it in plain Italian, singular for one', () => {
    expect(launchCounterText(1)).toBe('Manca 1 iscritto all’avvio del servizio');
    expect(launchCounterText(2)).toBe('Mancano 2 iscritti all’avvio del servizio');
    expect(launchCounterText(15000)).toBe('Mancano 15.000 iscritti all’avvio del servizio');
  });

  it('renders a Bootstrap Italia callout', () => {
    const html = renderToStaticMarkup(createElement(LaunchCounter, { missing: 12 }));
    expect(html).toContain('class="callout"');
    expect(html).toContain('class="callout-title"');
    expect(html).toContain('Mancano 12 iscritti all’avvio del servizio');
  });
});
