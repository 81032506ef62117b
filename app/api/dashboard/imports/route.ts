import { requireStaffForRoute } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { AppError, isAppError } from '@/lib/errors';
import { IMPORT_MAX_BYTES, importSubscribers } from '@/lib/subscribers/import-subscribers';

export const dynamic = 'force-dynamic';

const noStore = { 'cache-control': 'no-store' };
const tooLarge = () => new AppError('invalid_input', `Il file supera il limite di ${IMPORT_MAX_BYTES / 2 ** 20} MB: dividilo in più file.`);

/** The request body as it arrives, refused past the limit (never held whole in memory). */
async function* capped(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > IMPORT_MAX_BYTES) throw tooLarge();
    yield chunk;
  }
}

/**
 * The dashboard's import (admins): the CSV file is the raw body (`?mode=preview|import&name=<file
 * name>`, with `&id=<uuid>&rows=<rows of the preview>` for the progress bar). Answers the report
 * (counts and row errors in Italian). Within the request: 100,000 rows take about 14 s
 * (docs/benchmarks.md); the page polls /api/dashboard/imports/<id> meanwhile.
 */
export async function POST(req: Request): Promise<Response> {
  const actor = await requireStaffForRoute(req, 'ADMIN');
  if (actor instanceof Response) return actor;
  const q = new URL(req.url).searchParams;
  const mode = q.get('mode') === 'import' ? 'import' : 'preview';
  const fileName =
    (q.get('name') ?? '')
      .split(/[\\/]/)
      .pop()!
      .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
      .slice(0, 120) || 'elenco.csv';
  const id = q.get('id');
  const rows = Number(q.get('rows'));
  const ctx = getAppContext();
  try {
    if (Number(req.headers.get('content-length') ?? 0) > IMPORT_MAX_BYTES) throw tooLarge();
    if (!req.body) throw new AppError('invalid_input', 'Scegli un file CSV da importare.');
    const report = await importSubscribers(ctx, {
      actor,
      file: capped(req.body),
      fileName,
      mode,
      ...(id ? { progress: { id, ...(Number.isInteger(rows) && rows > 0 ? { expectedRows: rows } : {}) } } : {}),
    });
    return Response.json(report, { headers: noStore });
  } catch (e) {
    if (!isAppError(e)) {
      ctx.log.error('subscriber import failed', { error: e });
      return Response.json(
        { error: { code: 'internal', message: 'Importazione non riuscita: nessun iscritto è stato importato. Riprova.' } },
        { status: 500, headers: noStore },
      );
    }
    return Response.json({ error: { code: e.code, message: e.userMessage } }, { status: e.httpStatus, headers: noStore });
  }
}
