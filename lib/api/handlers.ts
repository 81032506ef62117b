/**
 * The API's route handlers as plain functions of (context, Request): the files under app/api/v1
 * only pass getAppContext() and the params, and tests call these with their own context.
 */
import type { AppContext } from '../context';
import { apiJson } from './api-error';
import { cancelAlertFromApi, correctAlertFromApi, createAlertFromApi, getAlertStatusForApi, withdrawAlertFromApi } from './alerts-api';
import { getApiStats } from './get-api-stats';
import { listApiTopics } from './list-api-topics';
import { listApiZones } from './list-api-zones';
import { withIdempotency } from './idempotency';
import { openApiDocument } from './openapi';
import { readJsonBody } from './read-json-body';
import { withApiKey } from './with-api-key';

export function postAlert(ctx: AppContext, req: Request): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => {
    const body = await readJsonBody(req);
    if (!body.ok) return body.response;
    return withIdempotency(ctx, { actor, req, body: body.value }, async () => {
      const created = await createAlertFromApi(ctx, { actor, body: body.value });
      return apiJson(created, 201, { location: `/api/v1/alerts/${created.id}` });
    });
  });
}

export function getAlertStatus(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => apiJson(await getAlertStatusForApi(ctx, { actor, alertId: id })));
}

/** A body that may be left out (POST …/cancel, …/withdraw): no body at all reads as undefined. */
async function readOptionalJsonBody(req: Request): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  if (req.body === null || req.headers.get('content-length') === '0') return { ok: true, value: undefined };
  return readJsonBody(req);
}

export function postCancelAlert(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => {
    const body = await readOptionalJsonBody(req);
    if (!body.ok) return body.response;
    return apiJson(await cancelAlertFromApi(ctx, { actor, alertId: id, body: body.value }));
  });
}

export function postCorrection(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => {
    const body = await readJsonBody(req);
    if (!body.ok) return body.response;
    return withIdempotency(ctx, { actor, req, body: { correcting: id, ...(body.value as object) } }, async () => {
      const created = await correctAlertFromApi(ctx, { actor, alertId: id, body: body.value });
      return apiJson(created, 201, { location: `/api/v1/alerts/${created.id}` });
    });
  });
}

export function postWithdraw(ctx: AppContext, req: Request, id: string): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => {
    const body = await readOptionalJsonBody(req);
    if (!body.ok) return body.response;
    return apiJson(await withdrawAlertFromApi(ctx, { actor, alertId: id, body: body.value }));
  });
}

export function getStats(ctx: AppContext, req: Request): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => {
    const query: Record<string, string> = {};
    for (const [k, v] of new URL(req.url).searchParams) query[k] ??= v;
    return apiJson(await getApiStats(ctx, { actor, query }));
  });
}

export function getTopics(ctx: AppContext, req: Request): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => apiJson(await listApiTopics(ctx, { actor })));
}

export function getZones(ctx: AppContext, req: Request): Promise<Response> {
  return withApiKey(ctx, req, async (actor) => apiJson(await listApiZones(ctx, { actor })));
}

/** Public: the description holds no secret, and clients need it before they have a key. */
export function getOpenApi(ctx: Pick<AppContext, 'publicUrl'>): Response {
  return Response.json(openApiDocument(ctx.publicUrl), { headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' } });
}
