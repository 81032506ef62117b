/**
 * Control API under <basePath>/api/: drives the simulated phones and reads what the comune sent.
 * Used by the phone page, by tests and by benchmarks. Not part of Meta's API: plain JSON errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InboundError, type SimCore } from './core';
import { BodyTooLargeError, readBodyCapped } from '../../http/read-body';
import { parseJson, writeJson } from './http-util';
import { KnobError } from './knobs';
import { NumberError } from './number';
import type { SimEvent } from './store';
import type { InboundSpec, SimMessage, TemplateStatus } from './types';
import { formatWhatsAppHtml } from '../format';

const TEMPLATE_STATUSES = new Set<TemplateStatus>(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED']);
const TEMPLATE_CATEGORIES = new Set(['UTILITY', 'MARKETING', 'AUTHENTICATION']);
const HEARTBEAT_MS = 25_000;

/** A message for the phone page, with its text as HTML (lib/whatsapp/format.ts escapes it). */
const forPhone = (m: SimMessage): SimMessage & { html: string } => ({ ...m, html: formatWhatsAppHtml(m.text ?? '') });

const problem = (res: ServerResponse, status: number, message: string) => writeJson(res, status, { error: { message } });

async function body(req: IncomingMessage): Promise<unknown> {
  try {
    return parseJson(await readBodyCapped(req, 64 * 1024)) ?? {};
  } catch (err) {
    throw new KnobError(err instanceof BodyTooLargeError ? 'body too large' : 'body could not be read');
  }
}

/** `segments` are the path parts after "api". */
export async function handleControl(core: SimCore, req: IncomingMessage, res: ServerResponse, segments: string[], url: URL): Promise<void> {
  const method = req.method ?? 'GET';
  const [first, second, third, ...rest] = segments;
  try {
    if (method === 'GET' && first === 'phones' && !second) return phones(core, res);
    if (first === 'phones' && second && third === 'messages' && rest.length === 0) {
      const digits = decodeURIComponent(second).replace(/\D/g, '');
      if (method === 'GET') return writeJson(res, 200, { data: (core.store.phones.get(digits)?.messages ?? []).map(forPhone) });
      if (method === 'POST') {
        const spec = (await body(req)) as InboundSpec;
        return writeJson(res, 200, await core.phoneSends(digits, spec));
      }
    }
    if (method === 'GET' && first === 'stats' && !second) return writeJson(res, 200, core.stats());
    if (first === 'knobs' && !second) {
      if (method === 'GET') return writeJson(res, 200, core.knobs);
      if (method === 'POST') return writeJson(res, 200, core.setKnobs((await body(req)) as object));
    }
    if (method === 'POST' && first === 'reset' && !second) {
      const b = (await body(req)) as { templates?: unknown };
      core.reset(b.templates === true);
      return writeJson(res, 200, { ok: true });
    }
    if (first === 'templates') {
      if (method === 'GET' && !second) return writeJson(res, 200, { data: [...core.store.templates.values()] });
      if (method === 'POST' && second && third === 'status' && rest.length === 0) return templateStatus(core, res, second, await body(req));
      if (method === 'POST' && second && third === 'category' && rest.length === 0) return templateCategory(core, res, second, await body(req));
    }
    if (first === 'number' && !second) {
      if (method === 'GET') return writeJson(res, 200, core.number);
      if (method === 'POST') return writeJson(res, 200, await core.setNumber(await body(req)));
    }
    if (method === 'GET' && first === 'events' && !second) return events(core, req, res, url);
    req.resume();
    problem(res, 404, `no control endpoint ${method} /api/${segments.join('/')}`);
  } catch (err) {
    if (err instanceof InboundError || err instanceof KnobError || err instanceof NumberError) return problem(res, 400, err.message);
    throw err;
  }
}

function phones(core: SimCore, res: ServerResponse): void {
  const now = Date.now();
  const data = [...core.store.phones.values()].map((p) => ({
    digits: p.digits,
    profileName: p.profileName ?? null,
    userId: p.userId,
    messages: p.messages.length,
    lastInboundAt: p.lastInboundAt || null,
    windowOpen: core.store.windowOpen(p.digits, now),
  }));
  writeJson(res, 200, { data });
}

function templateStatus(core: SimCore, res: ServerResponse, id: string, b: unknown): void {
  const { status, reason } = (b ?? {}) as { status?: unknown; reason?: unknown };
  const t = core.store.templates.get(id) ?? [...core.store.templates.values()].find((x) => x.name === id);
  if (!t) return problem(res, 404, `no template ${id}`);
  if (typeof status !== 'string' || !/^[A-Z_]{1,40}$/.test(status)) {
    return problem(res, 400, 'status must be APPROVED, PENDING, REJECTED, PAUSED, DISABLED, FLAGGED or another upper-case event name');
  }
  const why = typeof reason === 'string' ? reason : 'NONE';
  // FLAGGED and other events (those Meta may add) are sent as they are; the status stays.
  if (TEMPLATE_STATUSES.has(status as TemplateStatus)) core.setTemplateStatus(t, status as TemplateStatus, why);
  else core.templateEvent(t, status, why);
  writeJson(res, 200, t);
}

/** `{category, impending?, effectiveInMs?}`: Meta re-categorises the template (or announces it). */
function templateCategory(core: SimCore, res: ServerResponse, id: string, b: unknown): void {
  const { category, impending, effectiveInMs } = (b ?? {}) as { category?: unknown; impending?: unknown; effectiveInMs?: unknown };
  const t = core.store.templates.get(id) ?? [...core.store.templates.values()].find((x) => x.name === id);
  if (!t) return problem(res, 404, `no template ${id}`);
  if (typeof category !== 'string' || !TEMPLATE_CATEGORIES.has(category)) return problem(res, 400, 'category must be UTILITY, MARKETING or AUTHENTICATION');
  core.setTemplateCategory(t, category, {
    impending: impending === true,
    ...(typeof effectiveInMs === 'number' && effectiveInMs >= 0 ? { effectiveInMs } : {}),
  });
  writeJson(res, 200, t);
}

/** Server-sent events for the phone page; `?phone=<digits>` keeps the stream to one chat. */
function events(core: SimCore, req: IncomingMessage, res: ServerResponse, url: URL): void {
  const phone = (url.searchParams.get('phone') ?? '').replace(/\D/g, '');
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write('retry: 2000\n\n');
  const unsubscribe = core.store.subscribe((e: SimEvent) => {
    if (phone && e.digits !== phone) return;
    res.write(`event: ${e.kind}\ndata: ${JSON.stringify(e.kind === 'message' ? { ...e, message: forPhone(e.message) } : e)}\n\n`);
  });
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  core.held.add(res);
  req.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    core.held.delete(res);
  });
}
