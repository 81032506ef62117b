import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../testing/test-context';
import { createAlert } from './create-alert';
import { getAlertReport } from './get-alert-report';
import { getPublicAlert, listPublicAlerts, type PublicAlert } from './list-public-alerts';
import { escapeXml, renderAtom, renderRss } from './render-feed';
import { submitAlert } from './submit-alert';
import { approveTemplates, composeInput, launch } from './test-fixtures';
import { addSubscribers, staffActor } from '../testing/fixtures';

let ctx: TestContext;
let editor: Awaited<ReturnType<typeof staffActor>>;

beforeAll(async () => {
  ctx = await createTestContext();
  editor = await staffActor(ctx, 'EDITOR');
  await approveTemplates(ctx);
  await launch(ctx);
  await addSubscribers(ctx, 4, ['viabilita']);
});
afterAll(async () => ctx.close());

describe('public archive', () => {
  it('lists published public alerts newest first, paginated; never drafts, private ones or the welcome', async () => {
    ctx.clock.set('2026-12-01T10:00:00Z');
    const first = await submitAlert(ctx, { actor: editor, input: composeInput({ title: 'Primo', send: true }) });
    ctx.clock.set('2026-12-02T10:00:00Z');
    const second = await submitAlert(ctx, { actor: editor, input: composeInput({ title: 'Secondo', urgency: 'urgent', urgentReason: 'Frana', send: true }) });
    await submitAlert(ctx, { actor: editor, input: composeInput({ title: 'Privato', publicArchive: false, send: true }) });
    await createAlert(ctx, { actor: editor, input: composeInput({ title: 'Bozza' }) });

    const page1 = await listPublicAlerts(ctx, { page: 1, pageSize: 1 });
    expect(page1).toMatchObject({ total: 2, totalPages: 2, page: 1 });
    expect(page1.items.map((a) => a.title)).toEqual(['Secondo']);
    expect(page1.items[0]).toMatchObject({ urgent: true, topics: [{ slug: 'viabilita', name: 'Viabilità e traffico' }] });
    expect((await listPublicAlerts(ctx, { page: 2, pageSize: 1 })).items.map((a) => a.id)).toEqual([first.id]);
    expect(await getPublicAlert(ctx, second.id)).toMatchObject({ title: 'Secondo' });
    const draft = await ctx.db.alert.findFirstOrThrow({ where: { title: 'Bozza' } });
    expect(await getPublicAlert(ctx, draft.id)).toBeNull();
    expect(await getPublicAlert(ctx, 'x')).toBeNull();
  });
});

describe('feeds', () => {
  const item: PublicAlert = {
    id: '11111111-2222-3333-4444-555555555555',
    title: 'Strade <chiuse> & "deviazioni"',
    body: "Via Roma chiusa — l'ordinanza è qui\u0007",
    link: 'https://comune.example.it/a?x=1&y=2',
    urgent: true,
    publishedAt: new Date('2026-12-01T10:00:00Z'),
    topics: [{ slug: 'viabilita', name: 'Viabilità & traffico' }],
    allTopics: false,
    corrects: null,
    correctedBy: [],
  };
  const opts = {
    publicUrl: 'https://avvisi.comune.example.it/',
    comuneName: 'Comune di Conegliano',
    serviceName: 'WhatsApp Conegliano',
    now: new Date('2026-12-05T00:00:00Z'),
  };

  it('escapes everything staff wrote', () => {
    expect(escapeXml(`<a href="x">'&'</a>\u0000`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });

  it('renders RSS 2.0 with a permalink per alert', () => {
    const xml = renderRss([item], opts);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true);
    expect(xml).toContain('<title>URGENTE: Strade &lt;chiuse&gt; &amp; &quot;deviazioni&quot;</title>');
    expect(xml).toContain('<guid isPermaLink="true">https://avvisi.comune.example.it/avvisi/11111111-2222-3333-4444-555555555555</guid>');
    expect(xml).toContain('<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>');
    expect(xml).toContain('<category>Viabilità &amp; traffico</category>');
    expect(xml).toContain('https://comune.example.it/a?x=1&amp;y=2</description>');
    expect(xml).not.toContain('\u0007');
    expect(xml).toContain('<atom:link href="https://avvisi.comune.example.it/avvisi/feed.xml" rel="self"');
  });

  it('renders Atom 1.0', () => {
    const xml = renderAtom([item], opts);
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">');
    expect(xml).toContain('<updated>2026-12-01T10:00:00.000Z</updated>');
    expect(xml).toContain('<category term="viabilita" label="Viabilità &amp; traffico"/>');
    expect(xml).toContain('<content type="text">Via Roma chiusa — l&apos;ordinanza è qui');
    expect(renderAtom([], opts)).toContain('<updated>2026-12-05T00:00:00.000Z</updated>');
  });
});

describe('delivery report', () => {
  it('counts by state and failure reason, and the opt-outs in the 24 hours after', async () => {
    ctx.clock.set('2026-12-10T10:00:00Z');
    const r = await submitAlert(ctx, { actor: editor, input: composeInput({ title: 'Report', urgency: 'urgent', urgentReason: 'Prova', send: true }) });
    const ds = await ctx.db.delivery.findMany({ where: { alertId: r.id }, orderBy: { id: 'asc' } });
    const first = await ctx.db.subscriber.findUniqueOrThrow({ where: { id: ds[0]!.subscriberId } });
    await ctx.db.delivery.update({ where: { id: ds[0]!.id }, data: { status: 'READ' } });
    await ctx.db.delivery.update({ where: { id: ds[1]!.id }, data: { status: 'DELIVERED' } });
    await ctx.db.delivery.update({ where: { id: ds[2]!.id }, data: { status: 'FAILED', errorCode: 131026, errorDetail: 'Message undeliverable' } });
    const at = (iso: string) => new Date(iso);
    await ctx.db.consentEvent.createMany({
      data: [
        { phoneHmac: first.phoneHmac!, action: 'OPT_OUT', channel: 'WHATSAPP', createdAt: at('2026-12-10T12:00:00Z') },
        { phoneHmac: 'someone-else', action: 'OPT_OUT', channel: 'WEB', createdAt: at('2026-12-11T09:00:00Z') },
        { phoneHmac: 'too-late', action: 'OPT_OUT', channel: 'WEB', createdAt: at('2026-12-11T10:00:01Z') },
        { phoneHmac: 'opt-in', action: 'OPT_IN', channel: 'WEB', createdAt: at('2026-12-10T11:00:00Z') },
      ],
    });
    const report = await getAlertReport(ctx, { actor: editor, alertId: r.id });
    expect(report).toMatchObject({
      recipients: 4,
      progress: {
        counts: { queued: 1, sending: 0, sent: 0, delivered: 1, read: 1, failed: 1, skipped: 0, cancelled: 0 },
        failures: [{ code: 131026, label: 'Numero non raggiungibile su WhatsApp', count: 1 }],
        done: false,
      },
      delivered: 2,
      percentDone: 75,
      optOuts: { total: 2, amongRecipients: 1, windowStart: at('2026-12-10T10:00:00Z'), windowEnd: at('2026-12-11T10:00:00Z') },
    });
  });
});
