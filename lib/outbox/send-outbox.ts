import type { AppContext } from '../context';
import { wamidHmac } from '../privacy/wamid';
import { GraphApiError, GraphNetworkError } from '../whatsapp/errors';
import type { GraphClient } from '../whatsapp/client';
import type { OutboundContent } from './enqueue';

const LEASE = '60 seconds';
const MAX_ATTEMPTS = 8;

interface Claimed {
  id: string;
  to_enc: string | null;
  content_enc: string | null;
  attempts: number;
}

export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** (attempts - 1), 5 * 60 * 1000);
  return Math.round(base / 2 + random() * (base / 2));
}

async function send(graph: GraphClient, to: string, content: OutboundContent): Promise<string> {
  switch (content.type) {
    case 'text':
      return (await graph.sendText(to, content.body)).wamid;
    case 'list':
      return (await graph.sendInteractiveList(to, { body: content.body, button: content.button, sections: content.sections })).wamid;
    case 'template':
      return (await graph.sendTemplate(to, { name: content.name, language: content.language, bodyParams: content.bodyParams })).wamid;
  }
}

/**
 * Sends queued one-to-one messages (replies, tests). A row is leased while it is being sent; if
 * the worker dies the lease expires and another worker sends it again, so a message whose send
 * was in flight at the crash may arrive twice (Meta has no idempotency key) — never zero times.
 * After the send, the recipient and the content are erased from the row.
 */
export async function sendOutboxBatch(ctx: AppContext, graph: GraphClient, limit = 20): Promise<number> {
  const { rows } = await ctx.pool.query<Claimed>(
    `UPDATE outbound_messages SET status = 'SENDING', attempts = attempts + 1, locked_until = now() + interval '${LEASE}', updated_at = now()
      WHERE id IN (SELECT id FROM outbound_messages
                    WHERE (status = 'QUEUED' AND available_at <= now()) OR (status = 'SENDING' AND locked_until < now())
                    ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text, to_enc, content_enc, attempts`,
    [limit],
  );
  await Promise.all(rows.map((row) => sendOne(ctx, graph, row)));
  return rows.length;
}

async function sendOne(ctx: AppContext, graph: GraphClient, row: Claimed): Promise<void> {
  if (!row.to_enc || !row.content_enc) {
    await ctx.pool.query(`UPDATE outbound_messages SET status = 'FAILED', error_detail = 'missing recipient or content', updated_at = now() WHERE id = $1`, [
      row.id,
    ]);
    return;
  }
  try {
    const wamid = await send(graph, ctx.cipher.decrypt(row.to_enc), JSON.parse(ctx.cipher.decrypt(row.content_enc)) as OutboundContent);
    // A status webhook may already have moved the row past SENT: never move it back.
    await ctx.pool.query(
      `UPDATE outbound_messages SET wamid_hmac = $2, sent_at = now(), locked_until = NULL, to_enc = NULL, content_enc = NULL, updated_at = now(),
              status = CASE WHEN status = 'SENDING' THEN 'SENT'::"OutboundStatus" ELSE status END
        WHERE id = $1`,
      [row.id, wamidHmac(ctx.cipher, wamid)],
    );
  } catch (e) {
    const retryable = e instanceof GraphNetworkError || (e instanceof GraphApiError && e.classification.retry !== 'never');
    if (retryable && row.attempts < MAX_ATTEMPTS) {
      await ctx.pool.query(
        `UPDATE outbound_messages SET status = 'QUEUED', locked_until = NULL, available_at = now() + ($2::int * interval '1 millisecond'),
                error_code = $3, error_detail = $4, updated_at = now() WHERE id = $1`,
        [row.id, backoffMs(row.attempts), e instanceof GraphApiError ? e.code : null, (e as Error).message.slice(0, 500)],
      );
      return;
    }
    ctx.log.warn('outbound message failed', { id: row.id, error: (e as Error).message, code: e instanceof GraphApiError ? e.code : undefined });
    await ctx.pool.query(
      `UPDATE outbound_messages SET status = 'FAILED', locked_until = NULL, to_enc = NULL, content_enc = NULL,
              error_code = $2, error_detail = $3, updated_at = now() WHERE id = $1`,
      [row.id, e instanceof GraphApiError ? e.code : null, (e as Error).message.slice(0, 500)],
    );
  }
}
