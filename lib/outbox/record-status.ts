import type pg from 'pg';

/**
 * Meta's statuses arrive at least once and in any order. A message only moves forward:
 * SENT < DELIVERED < READ; FAILED replaces SENDING/SENT but never a DELIVERED/READ, and a later
 * success replaces FAILED (Meta may retry on its side). Applied in one statement per batch.
 */
export interface StatusUpdate {
  /** Keyed HMAC of the wamid (lib/privacy/wamid.ts): the database never holds a clear wamid. */
  wamidHmac: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  errorCode?: number | null;
  errorDetail?: string | null;
}

export async function recordOutboxStatuses(pool: pg.Pool | pg.PoolClient, updates: StatusUpdate[]): Promise<number> {
  if (updates.length === 0) return 0;
  const r = await pool.query(
    `WITH u AS (
       SELECT DISTINCT ON (wamid) wamid, status, error_code, error_detail
       FROM unnest($1::text[], $2::"OutboundStatus"[], $3::int[], $4::text[]) AS x(wamid, status, error_code, error_detail)
       ORDER BY wamid, CASE status WHEN 'READ' THEN 3 WHEN 'DELIVERED' THEN 2 WHEN 'SENT' THEN 1 ELSE 0 END DESC
     )
     UPDATE outbound_messages m
        SET status = u.status,
            error_code = CASE WHEN u.status = 'FAILED' THEN u.error_code ELSE m.error_code END,
            error_detail = CASE WHEN u.status = 'FAILED' THEN u.error_detail ELSE m.error_detail END,
            updated_at = now()
       FROM u
      WHERE m.wamid_hmac = u.wamid
        AND (CASE u.status WHEN 'READ' THEN 3 WHEN 'DELIVERED' THEN 2 WHEN 'SENT' THEN 1 ELSE 0 END)
          > (CASE m.status WHEN 'READ' THEN 3 WHEN 'DELIVERED' THEN 2 WHEN 'SENT' THEN 1 ELSE 0 END)
         OR (m.wamid_hmac = u.wamid AND u.status = 'FAILED' AND m.status IN ('SENDING', 'SENT'))`,
    [
      updates.map((u) => u.wamidHmac),
      updates.map((u) => u.status.toUpperCase()),
      updates.map((u) => u.errorCode ?? null),
      updates.map((u) => u.errorDetail ?? null),
    ],
  );
  return r.rowCount ?? 0;
}
