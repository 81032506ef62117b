import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../context';
import type { Prisma } from '../generated/prisma/client';

type Tx = Prisma.TransactionClient;

/** How long a link from "Preferenze" opens the page: long enough to read it calmly, short enough to go stale. */
export const PREFERENCE_LINK_MS = 60 * 60 * 1000;

const hashOf = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');
const signatureOf = (ctx: Pick<AppContext, 'cipher'>, secret: string): string =>
  Buffer.from(ctx.cipher.hmac(`preference-link:${secret}`), 'hex')
    .subarray(0, 16)
    .toString('base64url');

/**
 * The token in a preferences link: 32 random bytes and their signature (a keyed HMAC), as
 * `<secret>.<signature>`. A forged or mistyped token is refused by the signature before the
 * database is asked; the database keeps only the SHA-256 of the secret, so its rows (or a backup)
 * open nothing.
 */
export function newPreferenceToken(ctx: Pick<AppContext, 'cipher'>): { token: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { token: `${secret}.${signatureOf(ctx, secret)}`, hash: hashOf(secret) };
}

/** The hash to look up, or null when the token is malformed or its signature is not ours. */
export function verifyPreferenceToken(ctx: Pick<AppContext, 'cipher'>, token: unknown): string | null {
  if (typeof token !== 'string') return null;
  const m = /^([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return null;
  const [, secret, sig] = m as unknown as [string, string, string];
  const expected = Buffer.from(signatureOf(ctx, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return hashOf(secret);
}

export const preferenceUrl = (publicUrl: string, token: string): string => `${publicUrl}/preferenze?t=${encodeURIComponent(token)}`;

/**
 * A new link for an active subscriber, inside the caller's transaction: it replaces every older
 * link of the person (only the newest works), and expired links of anybody are cleared.
 */
export async function issuePreferenceLink(ctx: Pick<AppContext, 'cipher' | 'now' | 'publicUrl'>, tx: Tx, subscriberId: string): Promise<string> {
  const now = ctx.now();
  const { token, hash } = newPreferenceToken(ctx);
  await tx.preferenceLink.deleteMany({ where: { OR: [{ subscriberId }, { expiresAt: { lte: now } }] } });
  await tx.preferenceLink.create({ data: { subscriberId, tokenHash: hash, createdAt: now, expiresAt: new Date(now.getTime() + PREFERENCE_LINK_MS) } });
  return preferenceUrl(ctx.publicUrl, token);
}

/**
 * The open link behind a token, locked for the change (FOR UPDATE: two tabs saving at once apply
 * one change set), or null: unknown, expired, already used, or its subscriber no longer active.
 */
export async function lockOpenLink(ctx: Pick<AppContext, 'cipher' | 'now'>, tx: Tx, token: unknown): Promise<{ linkId: string; subscriberId: string } | null> {
  const hash = verifyPreferenceToken(ctx, token);
  if (!hash) return null;
  const rows = await tx.$queryRaw<{ id: string; subscriber_id: string }[]>`
    SELECT l.id::text, l.subscriber_id::text FROM preference_links l JOIN subscribers s ON s.id = l.subscriber_id
     WHERE l.token_hash = ${hash} AND l.used_at IS NULL AND l.expires_at > ${ctx.now()} AND s.status = 'ACTIVE'
       FOR UPDATE OF l`;
  const row = rows[0];
  return row ? { linkId: row.id, subscriberId: row.subscriber_id } : null;
}
