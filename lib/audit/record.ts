import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';
import type { Actor } from '../access/roles';

/**
 * The audit log is append-only (a database trigger refuses UPDATE and DELETE). Pass the
 * transaction client when the action itself is transactional, so the record and the action commit
 * together. Never put a phone number or a name in `details`.
 */
export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'logout'
  | 'alert_create'
  | 'alert_update'
  | 'alert_schedule'
  | 'alert_send'
  | 'alert_test_send'
  | 'alert_cancel'
  | 'alert_approve'
  | 'alert_pause'
  | 'alert_resume'
  | 'service_launch'
  | 'settings_change'
  | 'export'
  | 'number_reveal'
  | 'subscriber_unsubscribe'
  | 'user_create'
  | 'user_update'
  | 'user_disable'
  | 'apikey_create'
  | 'apikey_revoke'
  | 'templates_sync';

type Client = Pick<Prisma.TransactionClient, 'auditLog'>;

export async function recordAudit(
  ctx: Pick<AppContext, 'cipher' | 'now'>,
  db: Client,
  entry: { actor: Actor | null; action: AuditAction; target?: string; details?: Record<string, unknown>; ip?: string; actorEmail?: string },
): Promise<void> {
  await db.auditLog.create({
    data: {
      at: ctx.now(),
      actorId: entry.actor?.kind === 'staff' ? entry.actor.id : null,
      actorEmail: entry.actorEmail ?? (entry.actor ? (entry.actor.kind === 'staff' ? entry.actor.email : `api-key:${entry.actor.name}`) : null),
      action: entry.action,
      target: entry.target ?? null,
      details: (entry.details ?? undefined) as Prisma.InputJsonValue | undefined,
      ipHmac: entry.ip ? ctx.cipher.hmac(`ip:${entry.ip}`) : null,
    },
  });
}
