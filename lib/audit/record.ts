import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import { actorLabel } from '../access/roles';
import { isSystem, type AnyActor } from '../access/actor';

/**
 * The audit log is append-only (a database trigger refuses UPDATE and DELETE). Pass the
 * transaction client when the action itself is transactional, so the record and the action commit
 * together. Never put a phone number or a name in `details`.
 */
export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'password_reset_request'
  | 'password_reset'
  | 'session_end'
  | 'alert_create'
  | 'alert_update'
  | 'alert_schedule'
  | 'alert_send'
  | 'alert_test_send'
  | 'alert_cancel'
  | 'alert_approve'
  | 'alert_pause'
  | 'alert_resume'
  /** Staff stopped an alert going out (SENDING or PAUSED): what was not sent is cancelled. */
  | 'alert_stop'
  /** A correction of a sent alert was created and sent to its recipients. */
  | 'alert_correct'
  /** A sent alert was withdrawn from the public archive and the feeds. */
  | 'alert_withdraw'
  | 'service_launch'
  | 'settings_change'
  | 'export'
  | 'number_reveal'
  | 'subscriber_unsubscribe'
  | 'subscribers_import'
  | 'topic_create'
  | 'topic_update'
  | 'topics_reorder'
  | 'topic_retire'
  | 'topic_reactivate'
  | 'zone_create'
  | 'zone_update'
  | 'zones_reorder'
  | 'zone_retire'
  | 'zone_reactivate'
  /** The example zones (lib/zones/seed.ts) were checked and kept as the comune's own. */
  | 'zones_confirm'
  | 'user_create'
  | 'user_update'
  | 'user_disable'
  | 'apikey_create'
  | 'apikey_revoke'
  | 'templates_sync'
  | 'template_category_change'
  | 'template_category_accept'
  | 'template_resubmit'
  | 'data_key_rotate';

type Client = Pick<Prisma.TransactionClient, 'auditLog'>;

/**
 * Who acted: a person, an API key or the system (shown as `system:<label>`). Only a failed login
 * has nobody behind it: it names the email that was typed instead.
 */
export type AuditEntry = { action: AuditAction; target?: string; details?: Record<string, unknown>; ip?: string } & (
  { actor: AnyActor } | { actor: null; actorEmail: string | undefined }
);

const who = (entry: AuditEntry): string | null => {
  if (entry.actor === null) return entry.actorEmail ?? null;
  return isSystem(entry.actor) ? `system:${entry.actor.label}` : actorLabel(entry.actor);
};

export async function recordAudit(ctx: Pick<AppContext, 'cipher' | 'now'>, db: Client, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      at: ctx.now(),
      actorId: entry.actor?.kind === 'staff' ? entry.actor.id : null,
      actorEmail: who(entry),
      action: entry.action,
      target: entry.target ?? null,
      details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
      ipHmac: entry.ip ? ctx.cipher.hmac(`ip:${entry.ip}`) : null,
    },
  });
}
