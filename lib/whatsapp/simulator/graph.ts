/**
 * The Graph API surface: /<version>/<phone-number-id>/messages and
 * /<version>/<waba-id>/message_templates, answering like graph.facebook.com.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimCore } from './core';
import { parseSend, type ParsedSend } from './graph-messages';
import { BodyTooLargeError, readBodyCapped } from '../../http/read-body';
import { MAX_BODY, parseJson } from './http-util';
import { metaError, oauthError, unknownObjectError, unknownPathError, type MetaErrorReply } from './meta-errors';
import { newWamid } from './meta-json';
import { isMetaError } from './templates';
import { numberFields } from './number';
import type { SimMessage } from './types';

type Obj = Record<string, unknown>;
const VERSION = /^v\d+\.\d+$/;
const TEMPLATE_FIELDS = ['id', 'name', 'language', 'category', 'status', 'components'] as const;
/** Held answers are dropped after this long even if the client never gives up. */
const HOLD_MAX_MS = 120_000;

function fail(core: SimCore, res: ServerResponse, e: MetaErrorReply): void {
  core.store.countError(e.code);
  core.reply(res, e.http, e.body);
}

/** Graph takes the token as a bearer header or as ?access_token= (paging links carry it that way). */
function authorised(core: SimCore, req: IncomingMessage, url: URL): boolean {
  const expected = core.opts.accessToken;
  return req.headers.authorization === `Bearer ${expected}` || url.searchParams.get('access_token') === expected;
}

async function jsonBody(req: IncomingMessage): Promise<Obj | MetaErrorReply> {
  let raw: Buffer;
  try {
    raw = await readBodyCapped(req, MAX_BODY);
  } catch (err) {
    return metaError(100, err instanceof BodyTooLargeError ? 'Request body too large.' : 'Request body could not be read.');
  }
  const parsed = parseJson(raw);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return metaError(100, 'Request body must be a JSON object.');
  return parsed as Obj;
}

/** Handles `segments` = [version, id, edge]; returns false when the path is not a Graph path. */
export async function handleGraph(core: SimCore, req: IncomingMessage, res: ServerResponse, segments: string[], url: URL): Promise<boolean> {
  if (!VERSION.test(segments[0] ?? '')) return false;
  if (!authorised(core, req, url)) {
    req.resume();
    fail(core, res, oauthError());
    return true;
  }
  const [, id = '', edge = '', ...extra] = segments;
  const method = req.method ?? 'GET';
  // GET /<version>/<phone-number-id>?fields=quality_rating,whatsapp_business_manager_messaging_limit,throughput
  if (edge === '' && id === core.ids.phoneNumberId && method === 'GET') {
    req.resume();
    core.reply(res, 200, numberFields(core.number, core.ids, url.searchParams.get('fields')));
    return true;
  }
  // /<version>/<TEMPLATE_ID>: read one template, or edit it (Meta's template edit).
  const template = !edge && extra.length === 0 ? core.store.templates.get(id) : undefined;
  if (template) {
    if (method === 'GET') {
      req.resume();
      const wanted = (url.searchParams.get('fields') ?? TEMPLATE_FIELDS.join(',')).split(',').map((f) => f.trim());
      const out: Obj = { id: template.id };
      for (const f of wanted) if ((TEMPLATE_FIELDS as readonly string[]).includes(f)) out[f] = template[f as keyof typeof template];
      core.reply(res, 200, out);
      return true;
    }
    if (method === 'POST') {
      const body = await jsonBody(req);
      const edited = isMetaError(body) ? body : core.editTemplate(template, body);
      if (isMetaError(edited)) fail(core, res, edited);
      else core.reply(res, 200, { success: true });
      return true;
    }
  }
  if (extra.length > 0 || (edge !== 'messages' && edge !== 'message_templates')) {
    req.resume();
    fail(core, res, unknownPathError());
    return true;
  }
  const owner = edge === 'messages' ? core.ids.phoneNumberId : core.ids.wabaId;
  const allowed = edge === 'messages' ? method === 'POST' : method === 'POST' || method === 'GET';
  if (id !== owner || !allowed) {
    req.resume();
    fail(core, res, unknownObjectError(id, method));
    return true;
  }
  if (edge === 'message_templates' && method === 'GET') {
    listTemplates(core, req, res, url);
    return true;
  }
  const body = await jsonBody(req);
  if (isMetaError(body)) fail(core, res, body);
  else if (edge === 'message_templates') createTemplate(core, res, body);
  else if (body.status === 'read') markRead(core, res, body);
  else send(core, res, body);
  return true;
}

function markRead(core: SimCore, res: ServerResponse, body: Obj): void {
  if (body.messaging_product !== 'whatsapp') return fail(core, res, metaError(100, 'The parameter messaging_product is required.'));
  if (typeof body.message_id !== 'string' || !body.message_id.startsWith('wamid.')) {
    return fail(core, res, metaError(100, "Invalid parameter 'message_id'."));
  }
  core.store.counters.markedRead++;
  core.reply(res, 200, { success: true });
}

function send(core: SimCore, res: ServerResponse, body: Obj): void {
  const parsed = parseSend(core.store, body);
  if (isMetaError(parsed)) return fail(core, res, parsed);
  const k = core.knobs;
  const now = Date.now();
  if (k.errorRate5xx > 0 && Math.random() < k.errorRate5xx) {
    return fail(core, res, Math.random() < 0.5 ? metaError(131000) : metaError(2));
  }
  if (!core.store.throughputAllows(now)) return fail(core, res, metaError(130429));
  if (!core.store.pairAllows(parsed.digits, now)) return fail(core, res, metaError(131056));
  if (k.timeoutRate > 0 && Math.random() < k.timeoutRate) {
    // The client sees a timeout either way; whether Meta acted on it is what "maybe delivered" means.
    core.store.counters.timeoutsHeld++;
    if (Math.random() < k.timeoutAcceptedFraction) {
      core.store.counters.timeoutsAccepted++;
      accept(core, parsed, now);
    }
    core.held.add(res);
    res.on('close', () => core.held.delete(res));
    core.later(HOLD_MAX_MS, () => res.destroy());
    return;
  }
  const wamid = accept(core, parsed, now);
  const message: Obj = { id: wamid };
  if (parsed.isTemplate) message.message_status = 'accepted';
  const contact = parsed.byUserId ? { input: parsed.input, user_id: parsed.input } : { input: parsed.input, wa_id: parsed.digits };
  core.reply(res, 200, { messaging_product: 'whatsapp', contacts: [contact], messages: [message] });
}

/**
 * Accepted (200) like Meta: undeliverable numbers and free-form text outside the 24-hour window
 * are not refused here, they fail later with a `failed` status webhook (131026 / 131047).
 */
function accept(core: SimCore, parsed: ParsedSend, now: number): string {
  const wamid = newWamid(parsed.digits);
  const inWindow = core.store.windowOpen(parsed.digits, now);
  let errorCode: number | undefined;
  if (!core.isOnWhatsApp(parsed.digits)) errorCode = 131026;
  else if (!parsed.isTemplate && !inWindow) errorCode = 131047;
  else if (core.knobs.engagementLimited.includes(parsed.digits)) errorCode = 131049;
  let message: SimMessage | null = null;
  if (core.knobs.recordBodies) message = { id: wamid, from: 'comune', at: now, status: 'accepted', ...parsed.shown };
  core.store.recordAccepted(parsed.digits, now, message);
  core.statuses.accepted({
    wamid,
    digits: parsed.digits,
    byUserId: parsed.byUserId,
    acceptedAt: now,
    category: parsed.category,
    free: inWindow,
    ...(errorCode ? { errorCode } : {}),
  });
  return wamid;
}

function createTemplate(core: SimCore, res: ServerResponse, body: Obj): void {
  const t = core.createTemplate(body);
  if (isMetaError(t)) return fail(core, res, t);
  core.reply(res, 200, { id: t.id, status: t.status, category: t.category });
}

function listTemplates(core: SimCore, req: IncomingMessage, res: ServerResponse, url: URL): void {
  req.resume();
  const q = url.searchParams;
  const wanted = (q.get('fields') ?? TEMPLATE_FIELDS.join(',')).split(',').map((f) => f.trim());
  const limit = Math.min(Math.max(Number(q.get('limit') ?? 25) || 25, 1), 1000);
  const start = q.get('after') ? Number(Buffer.from(q.get('after') ?? '', 'base64url').toString()) || 0 : 0;
  const all = [...core.store.templates.values()].filter(
    (t) => (!q.get('name') || t.name.includes(q.get('name') ?? '')) && (!q.get('status') || t.status === q.get('status')),
  );
  const page = all.slice(start, start + limit);
  const data = page.map((t) => {
    const out: Obj = {};
    for (const f of wanted) if ((TEMPLATE_FIELDS as readonly string[]).includes(f)) out[f] = t[f as keyof typeof t];
    out.id = t.id;
    return out;
  });
  const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
  const paging: Obj = { cursors: { before: cursor(start), after: cursor(start + page.length) } };
  if (start + page.length < all.length) {
    const next = new URL(url.href);
    next.searchParams.set('after', cursor(start + page.length));
    paging.next = next.href;
  }
  core.reply(res, 200, { data, paging });
}
