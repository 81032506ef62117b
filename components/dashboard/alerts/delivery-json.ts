import { describeHold } from '@/lib/alerts/alert-hold';
import type { AlertReport } from '@/lib/alerts/get-alert-report';
import type { DeliveryCounts } from '@/lib/delivery/progress';
import { STATUS_BADGE, type AlertStatus } from './labels';

/**
 * What the live progress bar and the delivery report show, as JSON: the progress route sends it
 * every second while an alert goes out, the page renders the first one on the server.
 */
export interface DeliveryJson {
  alertId: string;
  status: AlertStatus;
  statusLabel: string;
  /** 0–100: deliveries no longer queued or being sent. */
  percent: number;
  total: number;
  finished: number;
  counts: DeliveryCounts;
  failures: { label: string; count: number }[];
  skipped: { label: string; count: number }[];
  /** e.g. the daily limit of WhatsApp, with when it resumes. */
  waiting: string | null;
  pausedReason: string | null;
  /** Recipients are still being queued in batches: `total` still grows. */
  publishing: boolean;
  done: boolean;
  publishedAt: string | null;
  completedAt: string | null;
  optOuts: { total: number; amongRecipients: number; windowEnd: string; closed: boolean } | null;
}

export function toDeliveryJson(r: AlertReport, now: Date): DeliveryJson {
  const c = r.progress.counts;
  const status = r.status as AlertStatus;
  return {
    alertId: r.alertId,
    status,
    statusLabel: STATUS_BADGE[status]?.label ?? r.status,
    percent: r.percentDone,
    total: r.progress.total,
    finished: r.progress.total - c.queued - c.sending,
    counts: c,
    failures: r.progress.failures.map((f) => ({ label: f.label, count: f.count })),
    skipped: r.progress.skipped.map((s) => ({ label: s.label, count: s.count })),
    waiting: r.progress.waiting?.message ?? null,
    // A hold code (template_category:…) becomes the sentence a person can act on.
    pausedReason: r.progress.pausedReason ? (describeHold(r.progress.pausedReason)?.messageIt ?? r.progress.pausedReason) : null,
    publishing: r.progress.publishing,
    done: r.progress.done,
    publishedAt: r.publishedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    optOuts: r.optOuts
      ? { total: r.optOuts.total, amongRecipients: r.optOuts.amongRecipients, windowEnd: r.optOuts.windowEnd.toISOString(), closed: r.optOuts.windowEnd <= now }
      : null,
  };
}

/** Keep polling while sending, and for a while after (Meta's delivered/read statuses keep coming). */
export function shouldPoll(d: DeliveryJson, nowMs: number): boolean {
  if (d.status === 'SENDING' || d.status === 'PAUSED') return true;
  // Just stopped: the workers give back what they had claimed within a second or two.
  if (d.status === 'CANCELLED' && d.publishedAt) return d.counts.queued + d.counts.sending > 0;
  if (d.status !== 'SENT' || !d.completedAt) return false;
  return nowMs - Date.parse(d.completedAt) < 10 * 60 * 1000;
}
