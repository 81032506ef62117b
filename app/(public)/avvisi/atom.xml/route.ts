import { feedResponse } from '../archive-data';

export const dynamic = 'force-dynamic';

/** /avvisi/atom.xml: Atom 1.0 of the public archive. */
export async function GET(): Promise<Response> {
  return feedResponse('atom');
}
