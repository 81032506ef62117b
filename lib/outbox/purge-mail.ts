import type pg from 'pg';

/**
 * How long a sent or failed staff mail stays (address, subject, outcome: enough to answer "did I
 * get told?"); its body is already erased when it is sent or fails. Far longer than Meta's 7 days
 * of webhook retries, so an event that comes again still finds its idempotency key.
 */
export const MAIL_RETENTION_DAYS = 90;

/** Deletes sent and failed mails last touched before `before`; queued or sending ones stay. */
export async function purgeFinishedMail(pool: pg.Pool, before: Date): Promise<number> {
  const r = await pool.query(`DELETE FROM mail_messages WHERE status IN ('SENT', 'FAILED') AND updated_at < $1`, [before]);
  return r.rowCount ?? 0;
}
