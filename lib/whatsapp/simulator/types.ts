/** Public types of the Cloud API simulator. */

export interface SimulatorKnobs {
  /** Added to every Graph answer (errors included). */
  latencyMs: number;
  /** Accepted sends per sliding 1 s window; above it the answer is 130429 like Meta. null = no limit. */
  maxPerSecond: number | null;
  /** Fraction of sends answered with a Meta-shaped 5xx (131000 / HTTP 500 or 2 / HTTP 503). Not accepted. */
  errorRate5xx: number;
  /** Fraction of sends that never get an answer: the socket is held until the client gives up. */
  timeoutRate: number;
  /** Of the timed-out sends, the fraction still accepted (statuses follow): models "maybe delivered". */
  timeoutAcceptedFraction: number;
  /** Digits; sends to them are accepted, then a `failed` status with 131026 follows. */
  notOnWhatsApp: string[];
  /** Digits; sends to them are accepted, then a `failed` status with 131049 (ecosystem engagement) follows. */
  engagementLimited: string[];
  statusDelaysMs: { sent: number; delivered: number; read: number };
  /** Fraction of delivered messages that are then read. */
  readFraction: number;
  /**
   * Statuses per webhook POST. Meta usually posts each status alone (3 POSTs per message read), so
   * the default is 1; a higher value batches them (up to this many per POST)...
   */
  statusBatchMax: number;
  /** ...and due statuses are posted this often. */
  statusFlushMs: number;
  /** New templates are PENDING, then APPROVED (with a webhook) after this delay. */
  templateApprovalDelayMs: number;
  /** Keep message bodies for the phone page; off keeps memory flat in benchmarks. */
  recordBodies: boolean;
  /** Same-recipient sends closer than this are answered 131056. null = no pair limit. */
  pairRateMs: number | null;
  /** Webhook POST attempts before giving up (Meta retries for days; a simulator need not). */
  webhookMaxAttempts: number;
  /** First retry delay; each next one is 4 times longer. */
  webhookRetryBaseMs: number;
  /** Webhook POSTs in flight at once. */
  webhookConcurrency: number;
  /** A webhook POST taking longer than this counts as failed (Meta's own limit is generous too). */
  webhookTimeoutMs: number;
}

export interface SeedTemplate {
  name: string;
  language: string;
  category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  components: unknown[];
  status?: TemplateStatus;
}

export interface SimulatorOptions {
  /** '' standalone, '/simulatore' when mounted in the app. */
  basePath?: string;
  /** Where to POST signed webhooks (the app's /api/whatsapp/webhook). */
  webhookUrl: string;
  appSecret: string;
  /** Expected bearer token; a wrong or missing one gets Meta's OAuth error (code 190, HTTP 401). */
  accessToken: string;
  phoneNumberId: string;
  wabaId: string;
  /** Digits (a leading + is tolerated and dropped). */
  displayPhoneNumber: string;
  /** Informational; any vNN.N is accepted on the wire, like Meta's still-supported versions. */
  graphVersion?: string;
  knobs?: Partial<SimulatorKnobs>;
  /** The business number's quality / messaging limit / throughput at start (default GREEN, TIER_UNLIMITED, STANDARD). */
  number?: Partial<import('./number').SimNumber>;
  /** Templates that exist from the start (APPROVED unless a status is given). */
  templates?: SeedTemplate[];
  /** Verified name shown on the phone page. */
  businessName?: string;
  /**
   * Secret of the control API (control-access.ts), sent in the X-Simulator-Token header. Unset: a
   * random one is generated (Simulator.controlToken).
   */
  controlToken?: string;
}

export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';

interface InboundCommon {
  profileName?: string;
  /**
   * Sends as a user with a WhatsApp username who hides the number: the webhook then carries no
   * `from`/`wa_id`, only `contacts[].user_id` and `messages[].from_user_id`.
   */
  username?: string;
}

export type MediaType = 'image' | 'audio' | 'video' | 'document' | 'sticker';

export type InboundSpec = InboundCommon &
  (
    | { type: 'text'; text: string }
    | { type: 'list_reply'; id: string; title: string; description?: string; contextId: string }
    | { type: 'button_reply'; id: string; title: string; contextId: string }
    /** Quick-reply button of a template. */
    | { type: 'button'; payload: string; text: string; contextId: string }
    | { type: MediaType; caption?: string; filename?: string; mimeType?: string }
    | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
    | { type: 'contacts'; name: string; phone: string }
    | { type: 'reaction'; messageId: string; emoji: string }
    | { type: 'unsupported' }
  );

export type DeliveryStatus = 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

export interface SimButton {
  /** Reply-button id, or the quick-reply payload of a template button. */
  id: string;
  title: string;
  kind: 'reply' | 'quick_reply';
}

export interface SimMessage {
  /** The wamid. */
  id: string;
  /** 'comune' = sent by the app through the Graph API; 'phone' = sent by the simulated citizen. */
  from: 'comune' | 'phone';
  /** Epoch milliseconds. */
  at: number;
  /** Meta's message type (text, template, interactive, reaction, image, ...). */
  type: string;
  /** Text to show: body, caption, filled-in template body, interactive body. */
  text?: string;
  header?: string;
  footer?: string;
  buttons?: SimButton[];
  list?: { button: string; sections: { title?: string; rows: { id: string; title: string; description?: string }[] }[] };
  template?: { name: string; language: string };
  /** Comune messages: delivery progress as the app sees it through status webhooks. */
  status?: DeliveryStatus;
  error?: { code: number; title: string };
  /** Phone messages: the message they answer (button, list reply, reaction). */
  contextId?: string;
  /** Phone messages: what was sent, as given. */
  inbound?: InboundSpec;
  /** Phone messages: the app's HTTP status for the first webhook attempt (0 = unreachable). */
  webhookStatus?: number;
}

export interface SimStats {
  acceptedSends: number;
  /** Epoch second -> accepted sends in that second. */
  perSecond: Record<string, number>;
  /** Most accepted sends seen in any sliding 1 s window. */
  maxWindow1s: number;
  /** Synchronous Graph errors answered, by Meta code. */
  errorsByCode: Record<string, number>;
  /** Asynchronous failures (failed status webhooks), by Meta code. */
  failedByCode: Record<string, number>;
  statuses: { sent: number; delivered: number; read: number; failed: number };
  /** Webhook POSTs that carried statuses, and the most of them queued in one clock second. */
  statusPosts: { total: number; maxPerSecond: number };
  webhooks: { posted: number; failed: number; retried: number; gaveUp: number; inFlight: number; queued: number; dropped: number };
  inboundMessages: number;
  timeouts: { held: number; acceptedAnyway: number };
  markedRead: number;
  distinctRecipients: number;
  /** Recipients with more than one accepted send -> count (first 1000; see duplicateRecipientsCount). */
  duplicateRecipients: Record<string, number>;
  duplicateRecipientsCount: number;
  templates: { created: number; approved: number };
}

export const DEFAULT_KNOBS: SimulatorKnobs = {
  latencyMs: 0,
  maxPerSecond: 80,
  errorRate5xx: 0,
  timeoutRate: 0,
  timeoutAcceptedFraction: 0.5,
  notOnWhatsApp: [],
  engagementLimited: [],
  statusDelaysMs: { sent: 300, delivered: 1200, read: 4000 },
  readFraction: 0.6,
  statusBatchMax: 1,
  statusFlushMs: 20,
  templateApprovalDelayMs: 5000,
  recordBodies: true,
  pairRateMs: null,
  webhookMaxAttempts: 5,
  webhookRetryBaseMs: 500,
  webhookConcurrency: 64,
  webhookTimeoutMs: 10_000,
};
