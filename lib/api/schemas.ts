/**
 * The API's answers as zod schemas: handlers build values of these types, and the OpenAPI test
 * validates the document's examples against them (so the description cannot drift from the code).
 * Requests use the dashboard's own schema (lib/alerts/schema.ts alertComposeSchema).
 */
import { z } from 'zod';
import { API_ERROR_CODES } from './api-error';

export const API_ALERT_STATUSES = ['draft', 'pending_approval', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export const apiAlertStatusSchema = z.enum(API_ALERT_STATUSES);
export type ApiAlertStatus = z.infer<typeof apiAlertStatusSchema>;

const isoInstant = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const alertCreatedSchema = z.object({
  id: z.uuid(),
  status: apiAlertStatusSchema,
  /** Deliveries queued when sent now; otherwise who would receive it at this moment. */
  recipients: z.number().int().min(0),
  /** When sending starts or started; null for a draft. */
  releaseAt: isoInstant.nullable(),
  /** A normal alert moved past the quiet hours. */
  heldForQuietHours: z.boolean(),
});
export type AlertCreated = z.infer<typeof alertCreatedSchema>;

export const deliveryCountsSchema = z.object({
  total: z.number().int().min(0),
  queued: z.number().int().min(0),
  sending: z.number().int().min(0),
  sent: z.number().int().min(0),
  delivered: z.number().int().min(0),
  read: z.number().int().min(0),
  failed: z.number().int().min(0),
  skipped: z.number().int().min(0),
});

export const alertStatusSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  status: apiAlertStatusSchema,
  urgency: z.enum(['normal', 'urgent']),
  /** Topic slugs; null = every topic. */
  topics: z.array(z.string()).nullable(),
  publicArchive: z.boolean(),
  createdAt: isoInstant,
  scheduledAt: isoInstant.nullable(),
  releaseAt: isoInstant.nullable(),
  publishedAt: isoInstant.nullable(),
  completedAt: isoInstant.nullable(),
  cancelledAt: isoInstant.nullable(),
  recipients: z.number().int().min(0),
  deliveries: deliveryCountsSchema,
  failures: z.array(z.object({ code: z.number().int().nullable(), label: z.string(), count: z.number().int().min(1) })),
  /** 0–100: deliveries with a final outcome. */
  percentDone: z.number().int().min(0).max(100),
  /** Nothing queued or being sent any more. */
  done: z.boolean(),
});
export type AlertStatusBody = z.infer<typeof alertStatusSchema>;

export const statsSchema = z.object({
  from: isoDate,
  to: isoDate,
  active: z.number().int().min(0),
  pending: z.number().int().min(0),
  unsubscribed: z.number().int().min(0),
  days: z.array(z.object({ date: isoDate, optIns: z.number().int().min(0), optOuts: z.number().int().min(0), active: z.number().int().min(0) })),
});
export type StatsBody = z.infer<typeof statsSchema>;

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
    message: z.string().min(1),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
