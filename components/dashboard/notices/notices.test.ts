import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseAlert } from '@/lib/delivery/pause-alert';
import { publishAlert } from '@/lib/delivery/testing/fixtures';
import { listNotices } from '@/lib/notifications/list-notices';
import { markNoticesRead } from '@/lib/notifications/mark-notices-read';
import { getNoticeMailKinds, setNoticeMailKinds } from '@/lib/notifications/notice-mail-kinds';
import { staffActor } from '@/lib/testing/fixtures';
import { createTestContext, type TestContext } from '@/lib/testing/test-context';
import { NoticeList } from './NoticeList';
import { NoticeMailPreferences } from './NoticeMailPreferences';

/** The dashboard home's notices and the profile's e-mail choices, rendered from the real database. */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  ctx.mailEnabled = false;
});
afterAll(async () => ctx.close());

describe('notices on the dashboard', () => {
  it('the home lists the latest unread notices with a link, marks them read, and links the full list', async () => {
    const admin = await staffActor(ctx, 'ADMIN');
    const { alertId } = await publishAlert(ctx, { title: 'Allerta meteo' });
    expect(await pauseAlert(ctx, alertId, 'Meta ha segnalato troppi messaggi considerati spam (errore 131048).')).toBe(true);
    const home = await listNotices(ctx, { actor: admin, limit: 5, unreadOnly: true });
    const html = renderToStaticMarkup(createElement(NoticeList, { ...home, markRead: () => {}, fullListHref: '/dashboard/notifiche' }));
    expect(html).toContain(`href="/dashboard/avvisi/${alertId}"`);
    expect(html).toContain('Avviso in pausa: Allerta meteo');
    expect(html).toContain('1 da leggere');
    expect(html).toContain('Segna tutte come lette');
    expect(html).toContain('href="/dashboard/notifiche"');

    expect(await markNoticesRead(ctx, { actor: admin })).toBe(1);
    const after = await listNotices(ctx, { actor: admin, limit: 5, unreadOnly: true });
    const empty = renderToStaticMarkup(createElement(NoticeList, { ...after, markRead: () => {} }));
    expect(empty).toContain('Nessuna notifica da leggere.');
    expect(empty).not.toContain('Segna tutte come lette');
    // The full list still has it, read.
    expect((await listNotices(ctx, { actor: admin })).notices).toMatchObject([{ title: 'Avviso in pausa: Allerta meteo', read: true }]);
  });

  it('the profile shows one checkbox per kind, checked as the person chose, and says when mail is off', async () => {
    const editor = await staffActor(ctx, 'EDITOR');
    const render = async (mailEnabled: boolean) =>
      renderToStaticMarkup(createElement(NoticeMailPreferences, { mailKinds: await getNoticeMailKinds(ctx, { actor: editor }), mailEnabled, save: () => {} }));
    const all = await render(true);
    expect(all.match(/type="checkbox"/g)).toHaveLength(5);
    expect(all.match(/checked=""/g)).toHaveLength(5);
    expect(all).not.toContain('non è configurato');

    await setNoticeMailKinds(ctx, { actor: editor, kinds: ['approval_requested', 'daily_limit'] });
    const some = await render(false);
    expect(some.match(/checked=""/g)).toHaveLength(2);
    expect(some).toMatch(/checked="" value="approval_requested"/);
    expect(some).toMatch(/name="kinds" value="alert_held"/);
    expect(some).toContain('L’invio di e-mail non è configurato');
  });
});
