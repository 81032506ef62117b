/**
 * Graph API client for the Cloud API. Configuration comes in as arguments (never from the
 * environment) so the same code talks to Meta, to the simulator and to tests.
 * Global fetch keeps connections alive, which matters at hundreds of sends per second.
 */
import { GraphApiError, GraphNetworkError } from './errors';
import { buttonsPayload, listPayload, markReadPayload, templatePayload, textPayload, type ButtonsSend, type ListSend, type TemplateSend } from './payloads';

export interface GraphConfig {
  baseUrl: string;
  version: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  /** Whole exchange, connect to last body byte. Default 15 s. */
  timeoutMs?: number;
}

export interface SendResult {
  wamid: string;
  waId?: string;
}

export interface TemplateInfo {
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  components: unknown[];
}

export interface TemplateDefinition {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: unknown[];
}

/** The business number as Meta reports it (GET /<PHONE_NUMBER_ID>?fields=...). */
export interface PhoneNumberHealth {
  /** GREEN, YELLOW, RED or UNKNOWN; null when Meta left it out. */
  qualityRating: string | null;
  /** TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED (deprecated messaging_limit_tier as fallback). */
  messagingLimit: string | null;
  /** throughput.level: STANDARD, HIGH, NOT_APPLICABLE. */
  throughputLevel: string | null;
}

/**
 * Only the documented fields are asked for: naming the deprecated messaging_limit_tier could make a
 * newer Graph version refuse the whole request. It is still read when an answer carries it.
 */
export const PHONE_NUMBER_HEALTH_FIELDS = 'quality_rating,whatsapp_business_manager_messaging_limit,throughput';

/**
 * `to` is an E.164 number ('+39…') or, for a username-only citizen, a business-scoped user id
 * ('IT.…'), which goes out in the field named by USER_ID_RECIPIENT_FIELD (payloads.ts): the one
 * switch to change if Meta moves that field.
 */
export interface GraphClient {
  sendText(to: string, body: string, opts?: { previewUrl?: boolean }): Promise<SendResult>;
  sendTemplate(to: string, t: TemplateSend): Promise<SendResult>;
  sendInteractiveList(to: string, l: ListSend): Promise<{ wamid: string }>;
  sendInteractiveButtons(to: string, b: ButtonsSend): Promise<{ wamid: string }>;
  markRead(wamid: string): Promise<void>;
  listTemplates(): Promise<TemplateInfo[]>;
  createTemplate(def: TemplateDefinition): Promise<{ id: string; status: string; category: string }>;
  getPhoneNumberHealth(): Promise<PhoneNumberHealth>;
  /** One template by Meta's id (`GET /<TEMPLATE_ID>`): its status and category now. */
  getTemplate(templateId: string): Promise<TemplateInfo>;
  /**
   * Edits a template (`POST /<TEMPLATE_ID>`), e.g. to ask again for UTILITY after Meta moved it to
   * MARKETING. Meta reviews the edit (status PENDING) and answers with a status webhook.
   */
  editTemplate(templateId: string, edit: { category?: TemplateDefinition['category']; components?: unknown[] }): Promise<{ success: boolean }>;
}

export type { TemplateSend, ListSend, ButtonsSend };

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_TEMPLATE_PAGES = 100;

// Failures where the connection was never established: the request cannot have reached Meta.
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function toNetworkError(err: unknown, timeoutMs: number): GraphNetworkError {
  const name = (err as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    // fetch cannot tell whether the timeout hit before or after the body left: assume it may have.
    return new GraphNetworkError('timeout', true, `Graph API did not answer within ${timeoutMs} ms`, { cause: err });
  }
  const code = causeCode(err);
  const maybeDelivered = !(code && NOT_CONNECTED.has(code));
  return new GraphNetworkError('network', maybeDelivered, `Graph API unreachable (${code ?? (err as Error)?.message ?? 'unknown'})`, { cause: err });
}

function toApiError(status: number, parsed: unknown, raw: string): GraphApiError {
  const e = (parsed as { error?: Record<string, unknown> } | null)?.error;
  if (!e || typeof e !== 'object') {
    return new GraphApiError(status, -1, undefined, 'NonGraphResponse', `HTTP ${status}: ${raw.slice(0, 200)}`, undefined, undefined);
  }
  const errorData = e.error_data as { details?: unknown } | undefined;
  return new GraphApiError(
    status,
    typeof e.code === 'number' ? e.code : Number(e.code ?? -1),
    typeof e.error_subcode === 'number' ? e.error_subcode : undefined,
    typeof e.type === 'string' ? e.type : 'Unknown',
    typeof e.message === 'string' ? e.message : `HTTP ${status}`,
    typeof errorData?.details === 'string' ? errorData.details : undefined,
    typeof e.fbtrace_id === 'string' ? e.fbtrace_id : undefined,
  );
}

export function createGraphClient(config: GraphConfig, fetchImpl: typeof fetch = fetch): GraphClient {
  const root = `${config.baseUrl.replace(/\/+$/, '')}/${config.version}`;
  const messagesUrl = `${root}/${config.phoneNumberId}/messages`;
  const templatesUrl = `${root}/${config.wabaId}/message_templates`;
  const phoneNumberUrl = `${root}/${config.phoneNumberId}`;
  const timeoutMs = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { authorization: `Bearer ${config.accessToken}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw toNetworkError(err, timeoutMs);
    }
    let raw: string;
    try {
      raw = await res.text();
    } catch (err) {
      if (res.ok) throw toNetworkError(err, timeoutMs);
      throw new GraphApiError(res.status, -1, undefined, 'NonGraphResponse', `HTTP ${res.status} (body unreadable)`, undefined, undefined);
    }
    let parsed: unknown = null;
    try {
      parsed = raw === '' ? null : JSON.parse(raw);
    } catch {
      // handled below: an unparseable 200 is "maybe delivered", an unparseable error is a NonGraphResponse
    }
    if (!res.ok) throw toApiError(res.status, parsed, raw);
    if (!parsed || typeof parsed !== 'object') {
      throw new GraphNetworkError('bad_response', method === 'POST', `Graph API answered ${res.status} with an unreadable body`);
    }
    return parsed as Record<string, unknown>;
  }

  async function send(payload: unknown): Promise<SendResult> {
    const json = await call('POST', messagesUrl, payload);
    const id = (json.messages as { id?: unknown }[] | undefined)?.[0]?.id;
    // Meta accepted the message (200) but we cannot tell which wamid: the caller must not resend blindly.
    if (typeof id !== 'string') throw new GraphNetworkError('bad_response', true, 'Graph API answered 200 without messages[0].id');
    const waId = (json.contacts as { wa_id?: unknown }[] | undefined)?.[0]?.wa_id;
    return typeof waId === 'string' ? { wamid: id, waId } : { wamid: id };
  }

  return {
    // async so that validation errors arrive as rejections, like every other failure.
    sendText: async (to, body, opts) => send(textPayload(to, body, opts?.previewUrl ?? false)),
    sendTemplate: async (to, t) => send(templatePayload(to, t)),
    sendInteractiveList: async (to, l) => ({ wamid: (await send(listPayload(to, l))).wamid }),
    sendInteractiveButtons: async (to, b) => ({ wamid: (await send(buttonsPayload(to, b))).wamid }),

    async markRead(wamid) {
      await call('POST', messagesUrl, markReadPayload(wamid));
    },

    async listTemplates() {
      const out: TemplateInfo[] = [];
      const fields = 'id,name,language,category,status,components';
      let after: string | undefined;
      for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
        const qs = new URLSearchParams({ fields, limit: '100' });
        if (after) qs.set('after', after);
        const json = await call('GET', `${templatesUrl}?${qs}`);
        for (const t of (json.data as Record<string, unknown>[] | undefined) ?? []) {
          out.push({
            id: String(t.id),
            name: String(t.name),
            language: String(t.language),
            category: String(t.category),
            status: String(t.status),
            components: Array.isArray(t.components) ? t.components : [],
          });
        }
        const paging = json.paging as { next?: unknown; cursors?: { after?: unknown } } | undefined;
        // Follow the cursor on our own base URL rather than paging.next, so the bearer token is
        // never sent to a host other than the configured one.
        if (typeof paging?.next !== 'string' || typeof paging.cursors?.after !== 'string') break;
        after = paging.cursors.after;
      }
      return out;
    },

    async getTemplate(templateId) {
      const qs = new URLSearchParams({ fields: 'id,name,language,category,status,components' });
      const t = await call('GET', `${root}/${encodeURIComponent(templateId)}?${qs}`);
      return {
        id: String(t.id ?? templateId),
        name: String(t.name),
        language: String(t.language),
        category: String(t.category),
        status: String(t.status),
        components: Array.isArray(t.components) ? t.components : [],
      };
    },

    async editTemplate(templateId, edit) {
      const json = await call('POST', `${root}/${encodeURIComponent(templateId)}`, edit);
      return { success: json.success !== false };
    },

    async createTemplate(def) {
      const json = await call('POST', templatesUrl, {
        name: def.name,
        language: def.language,
        category: def.category,
        components: def.components,
      });
      return { id: String(json.id), status: String(json.status), category: String(json.category) };
    },

    async getPhoneNumberHealth() {
      const json = await call('GET', `${phoneNumberUrl}?${new URLSearchParams({ fields: PHONE_NUMBER_HEALTH_FIELDS })}`);
      const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toUpperCase().slice(0, 64) : null);
      // The portfolio limit is a plain tier string; tolerate an object around it in case Meta wraps it.
      const limit = (v: unknown) =>
        text(v) ?? text((v as { current_limit?: unknown; value?: unknown } | null)?.current_limit ?? (v as { value?: unknown } | null)?.value);
      return {
        qualityRating: text(json.quality_rating),
        messagingLimit: limit(json.whatsapp_business_manager_messaging_limit) ?? limit(json.messaging_limit_tier),
        throughputLevel: text((json.throughput as { level?: unknown } | undefined)?.level),
      };
    },
  };
}
