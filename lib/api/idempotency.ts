import { createHash } from 'node:crypto';
import type { AppContext } from '../context';
import { apiError, apiJson } from './api-error';
import type { ApiKeyActor } from '../api-keys/authenticate-api-key';

/**
 * `Idempotency-Key` on POST /api/v1/alerts: the first answer (success or a 4xx) is kept 24 hours
 * per API key and header value, and a retry with the same key and body gets it again (with
 * `Idempotent-Replayed: true`) instead of creating — and maybe sending — a second alert. The row
 * is written before the work starts (primary key on key id + header), so two concurrent retries
 * cannot both run. 5xx and 429 answers are not kept: the client may retry those.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const HEADER = 'idempotency-key';
const VALID = /^[\x21-\x7e]{1,255}$/;

export async function withIdempotency(
  ctx: AppContext,
  { actor, req, body }: { actor: ApiKeyActor; req: Request; body: unknown },
  run: () => Promise<Response>,
): Promise<Response> {
  const key = req.headers.get(HEADER);
  if (key === null) return run();
  if (!VALID.test(key)) {
    return apiError('invalid_input', 'The Idempotency-Key header must be 1 to 255 visible ASCII characters, for example a UUID.', {
      fields: [{ path: 'header:Idempotency-Key', message: 'Invalid value.' }],
    });
  }
  const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const now = ctx.now();
  await ctx.pool.query('DELETE FROM api_idempotency_keys WHERE created_at < $1', [new Date(now.getTime() - IDEMPOTENCY_TTL_MS)]);
  const claimed = await ctx.pool.query(
    `INSERT INTO api_idempotency_keys (api_key_id, key, request_hash, created_at) VALUES ($1::uuid, $2, $3, $4)
     ON CONFLICT (api_key_id, key) DO NOTHING`,
    [actor.id, key, requestHash, now],
  );
  if (claimed.rowCount === 0) return replay(ctx, actor, key, requestHash);

  let response: Response;
  try {
    response = await run();
  } catch (e) {
    await forget(ctx, actor, key);
    throw e;
  }
  if (response.status >= 500 || response.status === 429) {
    await forget(ctx, actor, key);
    return response;
  }
  const text = await response.clone().text();
  await ctx.pool.query('UPDATE api_idempotency_keys SET response_status = $3, response_body = $4::jsonb WHERE api_key_id = $1::uuid AND key = $2', [
    actor.id,
    key,
    response.status,
    text,
  ]);
  return response;
}

async function forget(ctx: AppContext, actor: ApiKeyActor, key: string): Promise<void> {
  await ctx.pool.query('DELETE FROM api_idempotency_keys WHERE api_key_id = $1::uuid AND key = $2', [actor.id, key]);
}

async function replay(ctx: AppContext, actor: ApiKeyActor, key: string, requestHash: string): Promise<Response> {
  const { rows } = await ctx.pool.query<{ request_hash: string; response_status: number | null; response_body: unknown }>(
    'SELECT request_hash, response_status, response_body FROM api_idempotency_keys WHERE api_key_id = $1::uuid AND key = $2',
    [actor.id, key],
  );
  const row = rows[0];
  if (!row) return apiError('conflict', 'A request with this Idempotency-Key has just finished or failed. Retry it.', {}, { 'retry-after': '1' });
  if (row.request_hash !== requestHash) {
    return apiError('idempotency_key_reused', 'This Idempotency-Key was already used with a different body. Use a new key for a new alert.');
  }
  if (row.response_status === null) {
    return apiError(
      'conflict',
      'A request with this Idempotency-Key is still being processed (or stopped without an answer). Retry in a moment; if this persists, check the alerts before using a new key.',
      {},
      { 'retry-after': '1' },
    );
  }
  const body = row.response_body as { id?: unknown } | null;
  const headers: Record<string, string> = { 'idempotent-replayed': 'true' };
  if (row.response_status === 201 && typeof body?.id === 'string') headers.location = `/api/v1/alerts/${body.id}`;
  return apiJson(body, row.response_status, headers);
}
