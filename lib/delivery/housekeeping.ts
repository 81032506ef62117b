import type pg from 'pg';
import { MAX_ATTEMPTS } from './options';

/**
 * Deliveries left SENDING past their lease plus the outcome wait: their worker died (or their send
 * timed out) and no status webhook claimed them in the meantime (lib/delivery/apply-statuses.ts
 * matches such statuses by recipient). They go back to QUEUED and are sent again — the only way a
 * recipient can get an alert twice, bounded by each worker's in-flight limit (docs/delivery.md).
 */
export async function reapExpiredLeases(pool: pg.Pool, now: Date, outcomeWaitMs: number): Promise<number> {
  const cutoff = new Date(now.getTime() - outcomeWaitMs);
  const r = await pool.query(
    `UPDATE deliveries
        SET status = (CASE WHEN attempts >= $3 THEN 'FAILED' ELSE 'QUEUED' END)::"DeliveryStatus",
            failed_at = CASE WHEN attempts >= $3 THEN $2 ELSE failed_at END,
            error_detail = CASE WHEN attempts >= $3 THEN 'dopo ' || attempts || ' tentativi senza esito' ELSE COALESCE(error_detail, 'lease_expired') END,
            available_at = $2, locked_until = NULL, claimed_by = NULL, updated_at = $2
      WHERE status = 'SENDING' AND wamid_hmac IS NULL AND locked_until < $1
        -- Through deliveries(alert_id, status, …): only alerts that can have deliveries in flight.
        AND alert_id IN (SELECT id FROM alerts WHERE status IN ('SENDING', 'PAUSED', 'CANCELLED'))`,
    [cutoff, now, MAX_ATTEMPTS],
  );
  return r.rowCount ?? 0;
}

/**
 * An alert with nothing QUEUED or SENDING left, and no batch of deliveries still to be queued
 * (streaming publishing, lib/alerts/continue-publishing.ts), is finished. Returns the ids marked SENT.
 */
export async function completeFinishedAlerts(pool: pg.Pool, now: Date): Promise<string[]> {
  const r = await pool.query<{ id: string }>(
    `UPDATE alerts a SET status = 'SENT', completed_at = $1, updated_at = $1
      WHERE a.status = 'SENDING' AND a.publish_pending_since IS NULL
        AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = a.id AND d.status IN ('QUEUED', 'SENDING'))
      RETURNING a.id::text`,
    [now],
  );
  return r.rows.map((x) => x.id);
}

/**
 * Deliveries QUEUED under an alert staff stopped: a claim given back, or a lease reaped, after the
 * stop's own transaction (lib/alerts/cancel-alert.ts) cancelled the queue. They are cancelled too,
 * so a stopped alert ends with nothing waiting. Through alerts(status, …) and
 * deliveries(alert_id, status, …): a probe per stopped alert.
 */
export async function cancelStoppedLeftovers(pool: pg.Pool, now: Date): Promise<number> {
  const r = await pool.query(
    `UPDATE deliveries SET status = 'CANCELLED', locked_until = NULL, claimed_by = NULL, updated_at = $1
      WHERE status = 'QUEUED' AND alert_id IN (SELECT id FROM alerts WHERE status = 'CANCELLED' AND published_at IS NOT NULL)`,
    [now],
  );
  return r.rowCount ?? 0;
}

/** Every worker, every second: reap expired leases, list the alerts still sending, finish the done ones. */
export async function runHousekeeping(pool: pg.Pool, now: Date, outcomeWaitMs: number): Promise<{ reaped: number; sending: string[]; completed: string[] }> {
  const reaped = await reapExpiredLeases(pool, now, outcomeWaitMs);
  await cancelStoppedLeftovers(pool, now);
  const { rows } = await pool.query<{ id: string }>(`SELECT id::text FROM alerts WHERE status = 'SENDING'`);
  const completed = await completeFinishedAlerts(pool, now);
  return { reaped, sending: rows.map((r) => r.id), completed };
}
