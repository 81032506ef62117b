import { FIXTURE, metaJson, webhookPayload, type Json, type PayloadSpec } from '../fixtures';
import { parseWebhookBody, type ParseResult } from '../webhook-parse';

/** Parses through the real path: Meta's bytes -> parseWebhookBody. */
export function parse(spec: PayloadSpec): Extract<ParseResult, { ok: true }> {
  const result = parseWebhookBody(Buffer.from(metaJson(webhookPayload(spec)), 'utf8'));
  if (!result.ok) throw new Error(`unexpected ${result.error}`);
  return result;
}
export const one = (msg: Json) => parse({ messages: [msg] }).events[0];
export const content = (msg: Json) => {
  const e = one(msg);
  return e?.kind === 'message' ? e.content : undefined;
};
export const E164 = `+${FIXTURE.from}`;
