import { feedResponse } from '../archive-data';

export const dynamic = 'force-dynamic';

/** /avvisi/feed.xml: RSS 2.0 of the public archive. */
export async function GET(): Promise<Response> {
  return feedResponse('rss');
}
