import type { Actor } from '../access/roles';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { normalizeScopes } from '../access/api-scopes';
import { apiKeyMatches, apiKeyPrefix, hashApiKey } from './api-key-format';

export type ApiKeyActor = Extract<Actor, { kind: 'api_key' }>;

/** Why a key was refused: the API's error details (the message says what to do). */
export type ApiKeyRefusal = 'missing' | 'malformed' | 'invalid' | 'revoked' | 'expired';

const MESSAGES: Record<ApiKeyRefusal, string> = {
  missing: 'Missing API key: send it in the Authorization header as "Bearer <key>".',
  malformed: 'Malformed API key: expected "Authorization: Bearer bnd_<prefix>_<secret>" exactly as it was shown when the key was created.',
  invalid: 'Invalid API key.',
  revoked: 'This API key has been revoked. Ask an administrator for a new one (dashboard, "Chiavi API").',
  expired: 'This API key has expired. Ask an administrator for a new one (dashboard, "Chiavi API"); keys are valid for at most a year.',
};

const refuse = (reason: ApiKeyRefusal, extra: Record<string, unknown> = {}) => new AppError('unauthenticated', MESSAGES[reason], { reason, ...extra });

/** last_used_at is written at most this often per key: a busy key must not cost a write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

// Compared against when the prefix is unknown, so both paths hash and compare once.
const DUMMY_HASH = hashApiKey('bnd_000000000000_' + '0'.repeat(64));

/**
 * The API's authentication: `Authorization: Bearer <key>` -> the key's actor (keys act as editors,
 * within their scopes). Refusals throw AppError('unauthenticated') with details.reason. Only a
 * caller holding the whole key learns that it was revoked or has expired; any other mismatch is
 * just "invalid".
 */
export async function authenticateApiKey(ctx: Pick<AppContext, 'db' | 'now'>, authorization: string | null | undefined): Promise<ApiKeyActor> {
  const header = (authorization ?? '').trim();
  if (header === '') throw refuse('missing');
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  const key = m?.[1] ?? '';
  const prefix = apiKeyPrefix(key);
  if (!prefix) throw refuse('malformed');
  const row = await ctx.db.apiKey.findUnique({
    where: { prefix },
    select: { id: true, name: true, keyHash: true, revokedAt: true, lastUsedAt: true, scopes: true, expiresAt: true },
  });
  const matches = apiKeyMatches(key, row?.keyHash ?? DUMMY_HASH);
  if (!row || !matches) throw refuse('invalid');
  if (row.revokedAt) throw refuse('revoked');
  const now = ctx.now();
  if (row.expiresAt.getTime() <= now.getTime()) throw refuse('expired', { expiredAt: row.expiresAt.toISOString() });
  const staleBefore = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (!row.lastUsedAt || row.lastUsedAt < staleBefore) {
    // Conditional: of several concurrent first requests, one writes.
    await ctx.db.apiKey.updateMany({
      where: { id: row.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    });
  }
  return { kind: 'api_key', id: row.id, name: row.name, role: 'EDITOR', scopes: normalizeScopes(row.scopes ?? []) };
}
