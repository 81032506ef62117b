import { csvResponse } from '@/lib/http/csv';
import { isAppError } from '@/lib/errors';

/**
 * A CSV export's answer: the file as a download, or the use case's refusal (403, 404, 422) as
 * plain text in Italian, which a browser shows as it is when the download link is followed.
 */
export async function exportResponse(run: () => Promise<{ filename: string; csv: string }>): Promise<Response> {
  try {
    const { filename, csv } = await run();
    return csvResponse(filename, csv);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return new Response(e.userMessage, { status: e.httpStatus, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
  }
}
