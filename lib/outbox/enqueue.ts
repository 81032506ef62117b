import type { Prisma } from '../generated/prisma/client';
import type { DataCipher } from '../privacy/crypto';

export const OUTBOX_CHANNEL = 'banditore_outbox';

export type OutboundContent =
  | { type: 'text'; body: string }
  | {
      type: 'list';
      body: string;
      button: string;
      sections: { title: string; rows: { id: string; title: string; description?: string }[] }[];
    }
  | { type: 'template'; name: string; language: string; bodyParams: string[] };

export interface OutboundRequest {
  /** Unique per decision to send, e.g. `reply:<inbound event id>`: replaying the decision is a no-op. */
  idempotencyKey: string;
  /**
   * E.164 with '+', or the business-scoped user id of a citizen without a number (never starting
   * with '+': the kind is read from the address itself, stored encrypted in to_enc like a number).
   */
  to: string;
  purpose: 'reply' | 'test' | 'welcome' | 'alert';
  content: OutboundContent;
  subscriberId?: string | null;
  /**
   * Wait this long before sending (database time; default: at once). A second message answering the
   * same request goes a moment after the first, since the messages of one batch are sent in parallel
   * and would otherwise arrive in any order.
   */
  delayMs?: number;
}

type Tx = Pick<Prisma.TransactionClient, 'outboundMessage' | '$executeRaw'>;

/** Writes to the outbox inside the caller's transaction; the worker sends after the commit. */
export async function enqueueMessage(tx: Tx, cipher: DataCipher, req: OutboundRequest): Promise<void> {
  await tx.outboundMessage.createMany({
    data: [
      {
        idempotencyKey: req.idempotencyKey,
        subscriberId: req.subscriberId ?? null,
        toEnc: cipher.encrypt(req.to),
        contentEnc: cipher.encrypt(JSON.stringify(req.content)),
        purpose: req.purpose,
      },
    ],
    skipDuplicates: true,
  });
  if (req.delayMs) {
    await tx.$executeRaw`UPDATE outbound_messages SET available_at = now() + ${req.delayMs}::int * interval '1 millisecond'
                          WHERE idempotency_key = ${req.idempotencyKey} AND status = 'QUEUED'`;
  }
  await tx.$executeRaw`SELECT pg_notify(${OUTBOX_CHANNEL}, '')`;
}
