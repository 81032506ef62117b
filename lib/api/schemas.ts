/**
 * The API's answers as zod schemas: handlers build values of these types, and the OpenAPI test
 * validates the document's examples against them (so the description cannot drift from the code).
 * Requests use the dashboard's own schema (lib/alerts/schema.ts alertComposeSchema).
 */
import { z } from 'zod';
import { ADVICE_CODES } from '../alerts/plain-language';
import { API_ERROR_CODES } from './api-error';

export const API_ALERT_STATUSES = ['draft', 'pending_approval', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export const apiAlertStatusSchema = z.enum(API_ALERT_STATUSES);
export type ApiAlertStatus = z.infer<typeof apiAlertStatusSchema>;

const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date().meta({ examples: ['2026-12-01'] });
const count = z.number().int().min(0);

export const adviceSchema = z
  .object({
    code: z.enum(ADVICE_CODES),
    severity: z.enum(['suggestion', 'warning']),
    field: z.enum(['title', 'body', 'link']),
    message: z.string().min(1).meta({ description: 'For the editor, in Italian.' }),
  })
  .meta({
    description:
      'Plain-language advice on the text, the same the dashboard shows next to the preview: readability (Gulpease index), length, all-caps, unexplained abbreviations or jargon, bare or long links, emoji. Never blocking; new codes may be added.',
  });

const adviceList = z.array(adviceSchema).meta({ description: 'Plain-language advice on title, text and link (empty when there is none).' });

export const holdSchema = z
  .object({
    code: z.string().meta({
      description:
        'Why the alert waits: `template_category` (its template was moved to MARKETING), `number_quality` (Meta flagged the business number or rates it RED: normal alerts wait and resume by themselves), `paused` (the sender stopped on a Meta error).',
    }),
    message: z.string().meta({ description: 'What happened and what a person must do, in English.' }),
  })
  .nullable()
  .meta({ description: 'Set while the alert is paused (status `paused`).' });

export const alertCreatedSchema = z.object({
  id: z.uuid(),
  status: apiAlertStatusSchema,
  recipients: count.meta({ description: 'Messages queued when sent now; otherwise the subscribers it would reach at this moment.' }),
  releaseAt: isoInstant.nullable().meta({ description: 'When sending starts (or started); null for a draft.' }),
  heldForQuietHours: z.boolean().meta({ description: 'A normal alert moved to the end of the quiet hours.' }),
  advice: adviceList,
  hold: holdSchema.optional(),
});
export type AlertCreated = z.infer<typeof alertCreatedSchema>;

export const deliveryCountsSchema = z.object({
  total: count,
  queued: count,
  sending: count,
  sent: count,
  delivered: count,
  read: count,
  failed: count,
  skipped: count,
  cancelled: count.meta({ description: 'Not sent because the alert was stopped (POST /alerts/{id}/cancel while sending or paused).' }),
});

export const alertStatusSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: apiAlertStatusSchema,
  urgency: z.enum(['normal', 'urgent']),
  topics: z.array(z.string()).nullable().meta({ description: 'Topic slugs; null = every topic.' }),
  zones: z.array(z.string()).nullable().meta({ description: 'Zone slugs; null = the whole town.' }),
  publicArchive: z.boolean(),
  createdAt: isoInstant,
  scheduledAt: isoInstant.nullable(),
  releaseAt: isoInstant.nullable(),
  publishedAt: isoInstant.nullable(),
  completedAt: isoInstant.nullable(),
  cancelledAt: isoInstant.nullable(),
  correctsAlertId: z.uuid().nullable().meta({ description: 'A correction: the alert it corrects.' }),
  withdrawnAt: isoInstant.nullable().meta({ description: 'Withdrawn from the public archive and the feeds.' }),
  recipients: count,
  deliveries: deliveryCountsSchema,
  failures: z
    .array(z.object({ code: z.number().int().nullable(), label: z.string(), count: z.number().int().min(1) }))
    .meta({ description: 'Failed deliveries by Meta error code (null: network or unknown error).' }),
  percentDone: z.number().int().min(0).max(100).meta({ description: '0–100: deliveries with a final outcome.' }),
  done: z.boolean().meta({ description: 'Nothing queued or being sent any more.' }),
  advice: adviceList,
  hold: holdSchema,
});
export type AlertStatusBody = z.infer<typeof alertStatusSchema>;

export const alertStoppedSchema = z.object({
  id: z.uuid(),
  status: z.literal('cancelled'),
  stopped: z.boolean().meta({ description: 'true: the alert was going out (sending or paused) and was stopped; false: it had not started and was cancelled.' }),
  cancelledDeliveries: count.meta({
    description: 'Messages not sent, now cancelled (reported as `cancelled` in deliveries); they no longer count toward the weekly cap.',
  }),
  inFlight: count.meta({
    description:
      'Messages a worker had already taken at the stop: each is either sent or given back as cancelled within about a second. GET /alerts/{id} has the final counts.',
  }),
});
export type AlertStoppedBody = z.infer<typeof alertStoppedSchema>;

export const correctionInputSchema = z
  .object({
    title: z.string().meta({ description: 'One line. "Rettifica: " is put in front unless it already starts with "Rettifica".' }),
    body: z.string().meta({ description: 'The corrected text (WhatsApp formatting), as for POST /alerts.' }),
    link: z.string().optional().meta({ description: 'Optional https:// link.' }),
  })
  .meta({ description: 'The correction. Urgency, topics and archive choice are the original alert’s.' });

export const correctionCreatedSchema = z.object({
  id: z.uuid().meta({ description: 'The correction: an alert of its own (GET /alerts/{id} follows it).' }),
  correctsAlertId: z.uuid(),
  status: apiAlertStatusSchema.meta({
    description: 'sending; scheduled when a normal alert waits for the end of the quiet hours; pending_approval under the four-eyes rule.',
  }),
  recipients: count.nullable().meta({ description: 'Queued now: whoever received the original and is still subscribed; null until it is sent.' }),
  releaseAt: isoInstant.nullable(),
  heldForQuietHours: z.boolean(),
});
export type CorrectionCreatedBody = z.infer<typeof correctionCreatedSchema>;

export const alertWithdrawnSchema = z.object({
  id: z.uuid(),
  withdrawnAt: isoInstant.meta({ description: 'Since then the alert is out of /avvisi and the feeds; its page says "Avviso ritirato" without the text.' }),
});
export type AlertWithdrawnBody = z.infer<typeof alertWithdrawnSchema>;

export const reasonInputSchema = z
  .object({ reason: z.string().max(500).optional().meta({ description: 'Kept in the audit log; never shown to citizens.' }) })
  .meta({ description: 'Optional body.' });

export const statsSchema = z.object({
  from: isoDate,
  to: isoDate,
  active: count.meta({ description: 'Subscribers receiving alerts now.' }),
  pending: count.meta({ description: 'Web requests waiting for WhatsApp confirmation.' }),
  unsubscribed: count.meta({ description: 'People who left (their number is erased).' }),
  days: z
    .array(
      z.object({ date: isoDate, optIns: count, optOuts: count, active: count.meta({ description: 'Active subscribers at the end of the day (today: now).' }) }),
    )
    .meta({ description: 'One entry per day (Europe/Rome), oldest first, days without events included.' }),
});
export type StatsBody = z.infer<typeof statsSchema>;

export const topicsSchema = z.object({
  topics: z
    .array(
      z.object({
        slug: z.string().meta({ description: 'Stable identifier: use it in `topics` of POST /api/v1/alerts. Never changes, also when the name does.' }),
        name: z.string().meta({ description: 'Name shown to citizens, in Italian.' }),
        description: z.string().meta({ description: 'Short description shown to citizens (may be empty).' }),
      }),
    )
    .meta({ description: 'The active topics in the order citizens see them. Retired topics are left out and refused by POST /api/v1/alerts.' }),
});
export type TopicsBody = z.infer<typeof topicsSchema>;

export const zonesSchema = z.object({
  zones: z
    .array(
      z.object({
        slug: z.string().meta({ description: 'Stable identifier: use it in `zones` of POST /api/v1/alerts. Never changes, also when the name does.' }),
        name: z.string().meta({ description: 'Name of the quartiere or frazione, as citizens see it.' }),
        kind: z.enum(['quartiere', 'frazione']).meta({ description: 'A quartiere (district of the town) or a frazione (outlying village).' }),
        description: z.string().meta({ description: 'Short description (may be empty).' }),
      }),
    )
    .meta({
      description:
        'The active zones in the order citizens see them. Citizens choose zones in the chat; an alert with zones reaches those who chose one of them and those who chose none.',
    }),
});
export type ZonesBody = z.infer<typeof zonesSchema>;

/** `from`/`to` (YYYY-MM-DD, Rome dates, inclusive) or `days` (ending today); at most 366 days. */
export const MAX_STATS_DAYS = 366;
export const statsQuerySchema = z
  .object({
    from: isoDate.optional(),
    to: isoDate.optional(),
    days: z.coerce.number().int().min(1).max(MAX_STATS_DAYS).optional(),
  })
  .strict()
  .superRefine((v, issue) => {
    if (v.days !== undefined && (v.from || v.to)) issue.addIssue({ code: 'custom', path: ['days'], message: 'Use either "days" or "from"/"to", not both.' });
    if (v.from && v.to && v.from > v.to) issue.addIssue({ code: 'custom', path: ['from'], message: '"from" must not be after "to".' });
  });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(API_ERROR_CODES as [string, ...string[]]),
    message: z.string().min(1).meta({ description: 'For developers, in English.' }),
    details: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({ description: 'invalid_input: fields: [{path, message}] (messages in Italian, as the dashboard shows them).' }),
  }),
});
