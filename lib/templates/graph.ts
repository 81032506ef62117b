import type { AppContext } from '../context';
import { createGraphClient, type GraphClient } from '../whatsapp/client';

/** The Graph client for this installation (Meta or the mounted simulator), from the context. */
export function graphFromContext(ctx: Pick<AppContext, 'whatsapp'>, opts: { timeoutMs?: number } = {}): GraphClient {
  const w = ctx.whatsapp;
  return createGraphClient({
    baseUrl: w.graphUrl,
    version: w.graphVersion,
    phoneNumberId: w.phoneNumberId,
    wabaId: w.wabaId,
    accessToken: w.accessToken,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
}
