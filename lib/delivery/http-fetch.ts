import http from 'node:http';
import https from 'node:https';

/**
 * A `fetch` for the Graph client's hot path, on node:http(s) with keep-alive agents. Global fetch
 * (undici + web streams) costs about twice the CPU per request, which matters at 1,000 sends a
 * second on a 2-core server. Only what the Graph client uses is supported: method, headers, a
 * string body, an AbortSignal; the answer is read whole before the Response is returned. Errors
 * keep Node's shapes (err.code ECONNREFUSED…, AbortError on timeout) so lib/whatsapp/client.ts
 * classifies them exactly as it does fetch's.
 */
const NULL_BODY = new Set([101, 204, 205, 304]);
const MAX_ANSWER_BYTES = 1024 * 1024;

/**
 * The answer, already read whole: what a Response offers the Graph client (ok, status, text, json,
 * headers) without a web stream behind it. Building a real Response (and its Headers) for every
 * send was a third of this function's CPU at 1,000 sends a second.
 */
class ReadResponse {
  readonly ok: boolean;
  readonly bodyUsed = false;
  private builtHeaders: Headers | null = null;
  constructor(
    readonly status: number,
    readonly statusText: string,
    private readonly body: string,
    private readonly rawHeaders: http.IncomingHttpHeaders,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  get headers(): Headers {
    if (!this.builtHeaders) {
      const h = new Headers();
      for (const [k, v] of Object.entries(this.rawHeaders)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
      this.builtHeaders = h;
    }
    return this.builtHeaders;
  }
  async text(): Promise<string> {
    return this.body;
  }
  async json(): Promise<unknown> {
    return JSON.parse(this.body);
  }
}

/** Request headers as node:http takes them, lower-cased like Headers does. */
function plainHeaders(init: HeadersInit | undefined): Record<string, string> {
  if (init && !(init instanceof Headers) && !Array.isArray(init)) {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(init)) out[k.toLowerCase()] = String(v);
    return out;
  }
  return Object.fromEntries(new Headers(init).entries());
}

export function createKeepAliveFetch(): typeof fetch {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' }),
    'https:': new https.Agent({ keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' }),
  };
  // The Graph client calls a handful of URLs: each is parsed once into request options.
  const targets = new Map<string, { https: boolean; options: http.RequestOptions }>();
  const target = (href: string) => {
    let t = targets.get(href);
    if (!t) {
      const url = new URL(href);
      t = {
        https: url.protocol === 'https:',
        options: { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: url.pathname + url.search },
      };
      if (targets.size < 100) targets.set(href, t);
    }
    return t;
  };
  const impl = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const t = target(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      const mod = t.https ? https : http;
      const agent = t.https ? agents['https:'] : agents['http:'];
      const headers = plainHeaders(init.headers);
      const body = typeof init.body === 'string' ? init.body : init.body == null ? undefined : String(init.body);
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = mod.request({ ...t.options, method: init.method ?? 'GET', headers, agent, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_ANSWER_BYTES) res.destroy(new Error('answer too large'));
          else chunks.push(c);
        });
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const body = NULL_BODY.has(status) ? '' : Buffer.concat(chunks).toString('utf8');
          resolve(new ReadResponse(status, res.statusMessage ?? '', body, res.headers) as unknown as Response);
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  return impl as typeof fetch;
}
