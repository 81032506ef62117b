/**
 * The OpenAPI 3.1 description served at GET /api/v1/openapi.json. Paths, parameters and examples
 * are a typed object; the component schemas are generated from the zod schemas the API uses
 * (openapi-schemas.ts). openapi.test.ts checks that every route file under app/api/v1 is
 * described and that every example validates against the zod schemas.
 */
import { API_SCOPE_DESCRIPTIONS, API_SCOPES } from '../access/api-scopes';
import { ALERT_ID, date, errorExample, errorRef, errorResponse, ref, responses } from './openapi-components';
import { componentSchemas } from './openapi-schemas';
import type { OpenApiDocument } from './openapi-types';
import { MAX_API_BODY_BYTES } from './read-json-body';
import { MAX_STATS_DAYS } from './schemas';

const ADVICE_EXAMPLE = {
  code: 'abbreviation',
  severity: 'suggestion',
  field: 'body',
  message: '«ZTL»: non tutti conoscono questa abbreviazione. Scrivi per esteso: «zona a traffico limitato».',
};

const idParam = {
  name: 'id',
  in: 'path',
  required: true,
  description: 'The id returned when the alert was created.',
  schema: { type: 'string', format: 'uuid' },
  example: ALERT_ID,
} as const;

export function openApiDocument(publicUrl: string): OpenApiDocument {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Banditore API',
      version: '1.0.0',
      description: `For the comune's other systems: create, schedule and send WhatsApp alerts, follow their delivery, read subscriber statistics. Authenticate with an API key created by an administrator (dashboard page "Chiavi API", or \`npm run cli -- apikey:create --name N\`) in the header \`Authorization: Bearer bnd_…\`. Keys act as editors within their scopes (see the bearerAuth scheme): a new key is draft-only (\`alerts:draft\`) unless the administrator chose more, and every key expires (90 days by default, at most a year): then 401 with details.reason "expired". A key without the scope an operation lists gets 403 insufficient_scope. No key can approve an alert. Errors are JSON \`{"error": {"code", "message", "details"}}\` with stable codes. Bodies: JSON, at most ${MAX_API_BODY_BYTES / 1024} KB.`,
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: publicUrl }],
    security: [{ bearerAuth: [] }],
    paths: {
      '/api/v1/alerts': {
        post: {
          operationId: 'createAlert',
          summary: 'Create an alert: draft, scheduled or sent now',
          security: [{ bearerAuth: ['alerts:draft'] }, { bearerAuth: ['alerts:send'] }],
          description:
            "Same rules as the dashboard form. `send: true` sends now, `scheduledAt` schedules, neither saves a draft. A draft needs the scope `alerts:draft`; `send` or `scheduledAt` need `alerts:send` (403 insufficient_scope otherwise, and nothing is saved). An alert that reaches every subscriber waits for a second editor when the four-eyes setting is on (status pending_approval). Sending and scheduling need the service to be launched (409 not_launched otherwise) and the WhatsApp template to be approved (409 template_not_ready). Send an `Idempotency-Key` header to retry safely: the first answer is replayed for 24 hours. The answer's `advice` lists plain-language advice on the text (readability, length, capitals, abbreviations, links, emoji), as the dashboard shows it: it never blocks.",
          tags: ['alerts'],
          parameters: [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'Any unique value (e.g. a UUID), 1–255 visible ASCII characters.',
              schema: { type: 'string', maxLength: 255 },
              example: 'b7f3a1e2-0c1d-4e5f-8a9b-1c2d3e4f5a6b',
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('AlertInput'),
                examples: {
                  draft: {
                    summary: 'Save a draft for every topic',
                    value: { title: 'Mercato spostato', body: 'Sabato il mercato si tiene in Piazza Cima.', urgency: 'normal' },
                  },
                  send: {
                    summary: 'Send an urgent alert now',
                    value: {
                      title: 'Via Roma chiusa',
                      body: 'Via Roma è chiusa per una frana: usate Viale Italia.',
                      topics: ['viabilita'],
                      urgency: 'urgent',
                      urgentReason: 'Frana sulla carreggiata',
                      send: true,
                    },
                  },
                  schedule: {
                    summary: 'Schedule an alert',
                    value: {
                      title: 'Lavori in Via Cavour',
                      body: 'Domani dalle 8 alle 18 Via Cavour è a senso unico alternato.',
                      topics: ['viabilita', 'chiusura-strade'],
                      zones: ['centro'],
                      urgency: 'normal',
                      link: 'https://www.comune.conegliano.tv.it/lavori',
                      scheduledAt: '2026-12-01T07:30:00Z',
                    },
                  },
                },
              },
            },
          },
          responses: {
            '201': {
              description: 'Created. Location: the alert.',
              headers: {
                Location: { description: '/api/v1/alerts/{id}', schema: { type: 'string' } },
                'Idempotent-Replayed': {
                  description: '"true" when this is the stored answer of an earlier request with the same Idempotency-Key.',
                  schema: { type: 'string' },
                },
              },
              content: {
                'application/json': {
                  schema: ref('AlertCreated'),
                  examples: {
                    sent: {
                      value: { id: ALERT_ID, status: 'sending', recipients: 1240, releaseAt: '2026-11-30T09:15:00.000Z', heldForQuietHours: false, advice: [] },
                    },
                    draft: { value: { id: ALERT_ID, status: 'draft', recipients: 1875, releaseAt: null, heldForQuietHours: false, advice: [ADVICE_EXAMPLE] } },
                    heldForQuietHours: {
                      value: {
                        id: ALERT_ID,
                        status: 'scheduled',
                        recipients: 1240,
                        releaseAt: '2026-12-01T06:00:00.000Z',
                        heldForQuietHours: true,
                        advice: [],
                      },
                    },
                  },
                },
              },
            },
            '400': errorResponse('The body is not valid JSON.', {
              malformed: errorExample('malformed_json', 'The body is not valid JSON: Unexpected end of JSON input'),
            }),
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '409': errorResponse('The service is not launched yet, the WhatsApp template is not approved, or the Idempotency-Key request is still running.', {
              notLaunched: errorExample(
                'not_launched',
                'The service has not been launched yet: until an administrator launches it (dashboard page "Avvio del servizio", or `npm run cli -- service:launch`), alerts cannot be sent or scheduled. Send the alert without "send" and "scheduledAt" to keep it as a draft.',
              ),
            }),
            '413': errorResponse(`The body is larger than ${MAX_API_BODY_BYTES / 1024} KB.`, {
              tooLarge: errorExample('payload_too_large', 'The body is larger than 64 KB.', { maxBytes: MAX_API_BODY_BYTES }),
            }),
            '415': errorResponse('The body is not sent as application/json.', {
              wrongType: errorExample('unsupported_media_type', 'Send the body as JSON with the header "Content-Type: application/json".', {
                contentType: 'text/plain',
              }),
            }),
            '422': errorResponse(
              'A field is missing or wrong (details.fields, with JSON paths), an unknown topic, or an Idempotency-Key reused with another body.',
              {
                unknownTopic: errorExample('invalid_input', 'Invalid request: fix the field topics. See error.details.fields for each problem.', {
                  fields: [{ path: 'topics', message: 'Argomento sconosciuto: parcheggi.' }],
                }),
                badSlug: errorExample('invalid_input', 'Invalid request: fix the field topics[1]. See error.details.fields for each problem.', {
                  fields: [{ path: 'topics[1]', message: 'Argomento non valido.' }],
                }),
              },
            ),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/alerts/{id}': {
        get: {
          operationId: 'getAlert',
          security: [{ bearerAuth: ['alerts:draft'] }],
          summary: 'Status of an alert and its deliveries by state',
          tags: ['alerts'],
          parameters: [
            {
              name: 'id',
              in: 'path',
              required: true,
              description: 'The id returned when the alert was created.',
              schema: { type: 'string', format: 'uuid' },
              example: ALERT_ID,
            },
          ],
          responses: {
            '200': {
              description: 'The alert.',
              content: {
                'application/json': {
                  schema: ref('AlertStatus'),
                  examples: {
                    sending: {
                      value: {
                        id: ALERT_ID,
                        title: 'Via Roma chiusa',
                        status: 'sending',
                        urgency: 'urgent',
                        topics: ['viabilita'],
                        zones: null,
                        publicArchive: true,
                        createdAt: '2026-11-30T09:14:58.000Z',
                        scheduledAt: null,
                        releaseAt: '2026-11-30T09:15:00.000Z',
                        publishedAt: '2026-11-30T09:15:00.000Z',
                        completedAt: null,
                        cancelledAt: null,
                        correctsAlertId: null,
                        withdrawnAt: null,
                        recipients: 1240,
                        deliveries: { total: 1240, queued: 300, sending: 20, sent: 150, delivered: 600, read: 160, failed: 8, skipped: 2, cancelled: 0 },
                        failures: [{ code: 131026, label: 'Numero non raggiungibile su WhatsApp', count: 8 }],
                        percentDone: 74,
                        done: false,
                        advice: [],
                        hold: null,
                      },
                    },
                    heldForTemplateCategory: {
                      value: {
                        id: ALERT_ID,
                        title: 'Via Roma chiusa',
                        status: 'paused',
                        urgency: 'normal',
                        topics: ['viabilita'],
                        zones: null,
                        publicArchive: true,
                        createdAt: '2026-11-30T09:14:58.000Z',
                        scheduledAt: null,
                        releaseAt: '2026-11-30T09:15:00.000Z',
                        publishedAt: '2026-11-30T09:15:00.000Z',
                        completedAt: null,
                        cancelledAt: null,
                        correctsAlertId: null,
                        withdrawnAt: null,
                        recipients: 1240,
                        deliveries: { total: 1240, queued: 1240, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0, cancelled: 0 },
                        failures: [],
                        percentDone: 0,
                        done: false,
                        advice: [],
                        hold: {
                          code: 'template_category',
                          message:
                            'Held: Meta moved template "avviso_comune" to the MARKETING category (marketing prices and per-user marketing limits). Nothing is sent with it until an admin or editor resubmits it as UTILITY or accepts the new category on the templates page.',
                        },
                      },
                    },
                  },
                },
              },
            },
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '404': errorRef('NotFound'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/alerts/{id}/cancel': {
        post: {
          operationId: 'cancelAlert',
          security: [{ bearerAuth: ['alerts:draft'] }, { bearerAuth: ['alerts:send'] }],
          summary: 'Cancel an alert not started, or stop one that is going out',
          description:
            'Before sending (draft, pending_approval, scheduled): the alert is cancelled (scope alerts:draft). While sending or paused (scope alerts:send): every worker stops within 2 seconds; what was not sent is cancelled, counted as `cancelled` in the deliveries of GET /alerts/{id}, and no longer counts toward the weekly cap. A message whose request to Meta had already started is sent, never both sent and cancelled. A sent alert cannot be stopped (409): send a correction or withdraw it instead. Audited.',
          tags: ['alerts'],
          parameters: [idParam],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: ref('ReasonInput'), examples: { reason: { value: { reason: 'Testo sbagliato' } } } } },
          },
          responses: {
            '200': {
              description: 'Cancelled or stopped.',
              content: {
                'application/json': {
                  schema: ref('AlertStopped'),
                  examples: {
                    stopped: { value: { id: ALERT_ID, status: 'cancelled', stopped: true, cancelledDeliveries: 8120, inFlight: 40 } },
                    cancelled: { value: { id: ALERT_ID, status: 'cancelled', stopped: false, cancelledDeliveries: 0, inFlight: 0 } },
                  },
                },
              },
            },
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '404': errorRef('NotFound'),
            '409': errorResponse('The alert has already been sent, or is already cancelled.', {
              alreadySent: errorExample(
                'conflict',
                'The alert has already been sent to every recipient: there is nothing left to stop. To amend it, send a correction (POST /api/v1/alerts/{id}/correction) or withdraw it from the public archive (POST /api/v1/alerts/{id}/withdraw).',
                { status: 'SENT', detail: 'Non si può fermare: l’avviso è già inviato, non c’è più nulla da fermare.' },
              ),
            }),
            '422': errorRef('InvalidInput'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/alerts/{id}/correction': {
        post: {
          operationId: 'correctAlert',
          security: [{ bearerAuth: ['alerts:send'] }],
          summary: 'Send a correction to everyone who received the alert',
          description:
            'Creates a new alert linked to this one (correctsAlertId) and sends it at once, with the same template, to every recipient the original reached (sent, delivered or read) who is still subscribed, whatever their topics now; the weekly cap does not hold it back. Urgency, topics and archive choice are the original’s; quiet hours (normal alerts) and the four-eyes rule apply as for any alert. The public archive shows it next to the original ("Rettifica"). Possible for a sent alert, or one stopped after it started. Supports Idempotency-Key. Audited.',
          tags: ['alerts'],
          parameters: [idParam],
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: ref('CorrectionInput'),
                examples: { correction: { value: { title: 'Via Roma riapre alle 18', body: 'Correzione: Via Roma riapre alle 18, non alle 16.' } } },
              },
            },
          },
          responses: {
            '201': {
              description: 'The correction was created and sent (or held: see status). Location: the correction.',
              headers: { Location: { description: '/api/v1/alerts/{id} of the correction', schema: { type: 'string' } } },
              content: {
                'application/json': {
                  schema: ref('CorrectionCreated'),
                  examples: {
                    sent: {
                      value: {
                        id: '7c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b',
                        correctsAlertId: ALERT_ID,
                        status: 'sending',
                        recipients: 1232,
                        releaseAt: '2026-11-30T10:02:00.000Z',
                        heldForQuietHours: false,
                      },
                    },
                  },
                },
              },
            },
            '400': errorResponse('The body is not valid JSON.', {
              malformed: errorExample('malformed_json', 'The body is not valid JSON: Unexpected end of JSON input'),
            }),
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '404': errorRef('NotFound'),
            '409': errorResponse('The alert has not gone out yet (edit or cancel it instead), or the service/template cannot send now.', {
              notSent: errorExample(
                'conflict',
                'Only an alert that has gone out (sent, or stopped after it started) can be corrected. Before sending, edit or cancel it instead.',
                { status: 'DRAFT', detail: 'Si può rettificare solo un avviso già inviato: questo è una bozza.' },
              ),
            }),
            '415': errorResponse('The body is not sent as application/json.', {
              wrongType: errorExample('unsupported_media_type', 'Send the body as JSON with the header "Content-Type: application/json".', {
                contentType: 'text/plain',
              }),
            }),
            '422': errorRef('InvalidInput'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/alerts/{id}/withdraw': {
        post: {
          operationId: 'withdrawAlert',
          security: [{ bearerAuth: ['alerts:send'] }],
          summary: 'Withdraw a sent alert from the public archive and the feeds',
          description:
            'The alert leaves /avvisi and the RSS/Atom feeds at once. Its page keeps answering (links to it were shared) with "Avviso ritirato" and the date, without the title or the text. Messages already delivered cannot be taken back: send a correction for that. Audited.',
          tags: ['alerts'],
          parameters: [idParam],
          requestBody: {
            required: false,
            content: { 'application/json': { schema: ref('ReasonInput'), examples: { reason: { value: { reason: 'Pubblicato per errore' } } } } },
          },
          responses: {
            '200': {
              description: 'Withdrawn.',
              content: {
                'application/json': {
                  schema: ref('AlertWithdrawn'),
                  examples: { withdrawn: { value: { id: ALERT_ID, withdrawnAt: '2026-11-30T11:00:00.000Z' } } },
                },
              },
            },
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '404': errorRef('NotFound'),
            '409': errorResponse('The alert is not sent (still going out: stop it first), or already withdrawn.', {
              alreadyWithdrawn: errorExample('conflict', 'The alert has already been withdrawn.', { status: 'SENT', detail: 'L’avviso è già stato ritirato.' }),
            }),
            '422': errorRef('InvalidInput'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/stats': {
        get: {
          operationId: 'getStats',
          security: [{ bearerAuth: ['stats:read'] }],
          summary: 'Subscribers now, opt-ins and opt-outs per day',
          description: `Give from/to (inclusive dates, Europe/Rome) or days (ending today); default: the last 30 days; at most ${MAX_STATS_DAYS} days. Days after today are left out (to becomes today).`,
          tags: ['stats'],
          parameters: [
            { name: 'from', in: 'query', description: 'First day, YYYY-MM-DD.', schema: date },
            { name: 'to', in: 'query', description: 'Last day, YYYY-MM-DD (default today).', schema: date },
            {
              name: 'days',
              in: 'query',
              description: 'Number of days ending today (instead of from/to).',
              schema: { type: 'integer', minimum: 1, maximum: MAX_STATS_DAYS },
              example: 7,
            },
          ],
          responses: {
            '200': {
              description: 'The figures.',
              content: {
                'application/json': {
                  schema: ref('Stats'),
                  examples: {
                    week: {
                      value: {
                        from: '2026-11-28',
                        to: '2026-11-30',
                        active: 1875,
                        pending: 12,
                        unsubscribed: 40,
                        days: [
                          { date: '2026-11-28', optIns: 31, optOuts: 1, active: 1835 },
                          { date: '2026-11-29', optIns: 18, optOuts: 0, active: 1853 },
                          { date: '2026-11-30', optIns: 25, optOuts: 3, active: 1875 },
                        ],
                      },
                    },
                  },
                },
              },
            },
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '422': errorRef('InvalidInput'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/topics': {
        get: {
          operationId: 'getTopics',
          security: [{ bearerAuth: ['alerts:draft'] }],
          summary: 'The active topics, to address an alert',
          description:
            'The topics citizens can follow now, in the order they see them. Use a `slug` in `topics` of POST /api/v1/alerts; a retired topic is not listed and is refused there (422, field `topics`).',
          tags: ['alerts'],
          responses: {
            '200': {
              description: 'The active topics.',
              content: {
                'application/json': {
                  schema: ref('Topics'),
                  examples: {
                    default: {
                      value: {
                        topics: [
                          { slug: 'viabilita', name: 'Viabilità e traffico', description: 'Traffico, cantieri, deviazioni' },
                          { slug: 'urgenze', name: 'Avvisi urgenti', description: 'Emergenze e avvisi di protezione civile' },
                        ],
                      },
                    },
                  },
                },
              },
            },
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/zones': {
        get: {
          operationId: 'getZones',
          security: [{ bearerAuth: ['alerts:draft'] }],
          summary: 'The active zones (quartieri and frazioni), to address an alert',
          description:
            'The zones citizens can choose now, in the order they see them. Use a `slug` in `zones` of POST /api/v1/alerts: the alert then reaches the subscribers who chose one of those zones and those who chose no zone (no zone = the whole town). A retired zone is not listed and is refused there (422, field `zones`).',
          tags: ['alerts'],
          responses: {
            '200': {
              description: 'The active zones.',
              content: {
                'application/json': {
                  schema: ref('Zones'),
                  examples: {
                    default: {
                      value: {
                        zones: [
                          { slug: 'centro', name: 'Centro storico', kind: 'quartiere', description: 'Via XX Settembre, piazza Cima, Castello' },
                          { slug: 'scomigo', name: 'Scomigo', kind: 'frazione', description: '' },
                        ],
                      },
                    },
                  },
                },
              },
            },
            '401': errorRef('Unauthenticated'),
            '403': errorRef('InsufficientScope'),
            '429': errorRef('RateLimited'),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'This description',
          tags: ['meta'],
          security: [],
          responses: { '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: `An API key: bnd_<prefix>_<secret>. Scopes (listed on each operation): ${API_SCOPES.map((s) => `\`${s}\`: ${API_SCOPE_DESCRIPTIONS[s].en}`).join(' ')}`,
        },
      },
      schemas: componentSchemas(),
      responses,
    },
  };
}
