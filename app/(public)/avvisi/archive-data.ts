import { getAppContext } from '@/lib/context';
import { renderAtom, renderRss, type FeedOptions } from '@/lib/alerts/render-feed';
import { listPublicAlerts } from '@/lib/alerts/list-public-alerts';
import { loadSettings } from '@/lib/settings/store';

/** Pieces shared by the archive pages and the two feeds. */
export const ARCHIVE_PAGE_SIZE = 10;
/** Feeds carry the latest alerts only: readers poll them, and the archive pages hold the rest. */
const FEED_ITEMS = 50;

const dateTime = new Intl.DateTimeFormat('it-IT', {
  timeZone: 'Europe/Rome',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** "1 dicembre 2026 alle 10:00" (Europe/Rome, whatever the server's time zone). */
export function formatItalianDateTime(d: Date): string {
  const parts = Object.fromEntries(dateTime.formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.day} ${parts.month} ${parts.year} alle ${parts.hour}:${parts.minute}`;
}

/** `?pagina=2` -> 2; anything else -> 1. */
export function pageNumber(value: string | string[] | undefined): number {
  const n = Number(Array.isArray(value) ? value[0] : value);
  return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export async function feedResponse(kind: 'rss' | 'atom'): Promise<Response> {
  const ctx = getAppContext();
  const settings = await loadSettings(ctx.db);
  const { items } = await listPublicAlerts(ctx, { page: 1, pageSize: FEED_ITEMS });
  const opts: FeedOptions = { publicUrl: ctx.publicUrl, comuneName: settings.comuneName, serviceName: settings.serviceName, now: ctx.now() };
  const xml = kind === 'rss' ? renderRss(items, opts) : renderAtom(items, opts);
  return new Response(xml, {
    headers: {
      'content-type': `${kind === 'rss' ? 'application/rss+xml' : 'application/atom+xml'}; charset=utf-8`,
      'cache-control': 'public, max-age=300',
    },
  });
}
