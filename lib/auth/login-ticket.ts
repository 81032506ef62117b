import type { AppContext } from '../context';
import { isUnderCurrentKey } from '../privacy/crypto';
import { LOGIN_TICKET_MS } from './policy';

/**
 * Between "password correct" and "code correct" the browser holds a ticket instead of the password:
 * the user id and session version, sealed with AES-GCM (ctx.cipher) and valid for a few minutes.
 * A password change or a disabled account in between makes it worthless (version mismatch).
 * Only a ticket sealed with the current data key counts: previous keys stay configured after a
 * rotation (links of the look-up chain), and a leaked previous key must not forge tickets.
 */
interface TicketBody {
  p: 'login-code';
  u: string;
  v: number;
  exp: number;
}

export function issueLoginTicket(ctx: Pick<AppContext, 'cipher' | 'now'>, user: { id: string; sessionVersion: number }): string {
  const body: TicketBody = { p: 'login-code', u: user.id, v: user.sessionVersion, exp: ctx.now().getTime() + LOGIN_TICKET_MS };
  return ctx.cipher.encrypt(JSON.stringify(body));
}

export function readLoginTicket(ctx: Pick<AppContext, 'cipher' | 'now'>, ticket: string): { userId: string; sessionVersion: number; issuedAt: Date } | null {
  if (!isUnderCurrentKey(ctx.cipher, ticket)) return null;
  try {
    const body = JSON.parse(ctx.cipher.decrypt(ticket)) as Partial<TicketBody>;
    if (body.p !== 'login-code' || typeof body.u !== 'string' || typeof body.v !== 'number' || typeof body.exp !== 'number') return null;
    if (body.exp <= ctx.now().getTime()) return null;
    return { userId: body.u, sessionVersion: body.v, issuedAt: new Date(body.exp - LOGIN_TICKET_MS) };
  } catch {
    return null;
  }
}
