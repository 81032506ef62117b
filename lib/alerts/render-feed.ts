/**
 * RSS 2.0 and Atom 1.0 for the public archive (/avvisi/feed.xml, /avvisi/atom.xml), so the comune's
 * website and newsletter can reuse the alerts. Pure string building with strict escaping: alert
 * texts are staff input and must never break the XML or inject markup.
 */
import type { PublicAlert } from './list-public-alerts';

export interface FeedOptions {
  /** The app's public base URL, no trailing slash. */
  publicUrl: string;
  comuneName: string;
  serviceName: string;
  /** Path of the archive page (default /avvisi). */
  archivePath?: string;
  /** Used as the feed's date when there are no items. */
  now: Date;
}

// XML 1.0 forbids most control characters even when escaped.
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const base = (o: FeedOptions) => o.publicUrl.replace(/\/+$/, '');
const archiveUrl = (o: FeedOptions) => `${base(o)}${o.archivePath ?? '/avvisi'}`;
const itemUrl = (o: FeedOptions, a: PublicAlert) => `${archiveUrl(o)}/${a.id}`;

/** Plain text of an item: the alert text and its link. */
function itemText(a: PublicAlert): string {
  return a.link ? `${a.body}\n\n${a.link}` : a.body;
}

const itemTitle = (a: PublicAlert) => (a.urgent ? `URGENTE: ${a.title}` : a.title);

export function renderRss(items: PublicAlert[], o: FeedOptions): string {
  const updated = items[0]?.publishedAt ?? o.now;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${escapeXml(`${o.serviceName} – avvisi del ${o.comuneName}`)}</title>`,
    `<link>${escapeXml(archiveUrl(o))}</link>`,
    `<description>${escapeXml(`Gli avvisi inviati su WhatsApp dal ${o.comuneName}.`)}</description>`,
    '<language>it</language>',
    `<lastBuildDate>${updated.toUTCString()}</lastBuildDate>`,
    `<atom:link href="${escapeXml(`${archiveUrl(o)}/feed.xml`)}" rel="self" type="application/rss+xml"/>`,
  ];
  for (const a of items) {
    lines.push(
      '<item>',
      `<title>${escapeXml(itemTitle(a))}</title>`,
      `<link>${escapeXml(itemUrl(o, a))}</link>`,
      `<guid isPermaLink="true">${escapeXml(itemUrl(o, a))}</guid>`,
      `<pubDate>${a.publishedAt.toUTCString()}</pubDate>`,
      ...a.topics.map((t) => `<category>${escapeXml(t.name)}</category>`),
      `<description>${escapeXml(itemText(a))}</description>`,
      '</item>',
    );
  }
  lines.push('</channel>', '</rss>');
  return lines.join('\n') + '\n';
}

export function renderAtom(items: PublicAlert[], o: FeedOptions): string {
  const updated = items[0]?.publishedAt ?? o.now;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">',
    `<title>${escapeXml(`${o.serviceName} – avvisi del ${o.comuneName}`)}</title>`,
    `<id>${escapeXml(`${archiveUrl(o)}/atom.xml`)}</id>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${archiveUrl(o)}/atom.xml`)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(archiveUrl(o))}"/>`,
    `<updated>${updated.toISOString()}</updated>`,
    `<author><name>${escapeXml(o.comuneName)}</name></author>`,
  ];
  for (const a of items) {
    lines.push(
      '<entry>',
      `<title>${escapeXml(itemTitle(a))}</title>`,
      `<id>${escapeXml(itemUrl(o, a))}</id>`,
      `<link rel="alternate" type="text/html" href="${escapeXml(itemUrl(o, a))}"/>`,
      `<published>${a.publishedAt.toISOString()}</published>`,
      `<updated>${a.publishedAt.toISOString()}</updated>`,
      ...a.topics.map((t) => `<category term="${escapeXml(t.slug)}" label="${escapeXml(t.name)}"/>`),
      `<content type="text">${escapeXml(itemText(a))}</content>`,
      '</entry>',
    );
  }
  lines.push('</feed>');
  return lines.join('\n') + '\n';
}
