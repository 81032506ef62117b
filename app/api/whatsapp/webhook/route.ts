import { timingSafeEqual } from 'node:crypto';
import { getAppContext } from '@/lib/context';
import { MAX_WEBHOOK_BYTES, receiveWebhook } from '@/lib/inbound/receive-webhook';
import { readBodyCapped } from '@/lib/server/read-body';
import { SIGNATURE_HEADER } from '@/lib/whatsapp/signature';

export const dynamic = 'force-dynamic';

/** Meta's subscription handshake: echo the challenge only to the right verify token. */
export async function GET(req: Request): Promise<Response> {
  const url = new URL(req.url);
  const token = Buffer.from(url.searchParams.get('hub.verify_token') ?? '');
  const expected = Buffer.from(getAppContext().whatsapp.verifyToken);
  const ok =
    url.searchParams.get('hub.mode') === 'subscribe' && token.length === expected.length && timingSafeEqual(token, expected);
  if (!ok) return new Response('Forbidden', { status: 403 });
  return new Response(url.searchParams.get('hub.challenge') ?? '', { status: 200, headers: { 'content-type': 'text/plain' } });
}

export async function POST(req: Request): Promise<Response> {
  const raw = await readBodyCapped(req, MAX_WEBHOOK_BYTES);
  if (raw === null) return Response.json({ error: 'payload_too_large' }, { status: 413 });
  const result = await receiveWebhook(getAppContext(), raw, req.headers.get(SIGNATURE_HEADER));
  return Response.json(result.status === 200 ? { ok: true } : { error: result.error }, { status: result.status });
}
