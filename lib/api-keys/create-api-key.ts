import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { fieldErrorsFromZod, invalidInput } from '../errors';
import type { ApiScope } from '../access/api-scopes';
import { generateApiKey } from './api-key-format';
import { createApiKeySchema, type CreateApiKeyInput } from './api-key-schema';

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  expiresAt: Date;
  /** The whole key: show it once; only its hash is stored. */
  key: string;
}

/**
 * An admin (or the operator's CLI, as the system) creates a key, draft-only and valid 90 days unless
 * chosen otherwise (api-key-schema.ts); audited with name, prefix, scopes and expiry.
 */
export async function createApiKey(ctx: AppContext, { actor, input }: { actor: AnyActor; input: CreateApiKeyInput }): Promise<CreatedApiKey> {
  assertActor(actor, 'ADMIN');
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsFromZod(parsed.error);
    throw invalidInput(parsed.error.issues[0]?.message ?? 'Valori non validi.', fieldErrors);
  }
  const { name, scopes, expiresInDays } = parsed.data;
  const createdAt = ctx.now();
  const expiresAt = new Date(createdAt.getTime() + expiresInDays * 24 * 3600 * 1000);
  const generated = generateApiKey();
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        createdById: actor.kind === 'staff' ? actor.id : null,
        createdAt,
        scopes,
        expiresAt,
      },
      select: { id: true, name: true, prefix: true, createdAt: true, expiresAt: true },
    });
    await recordAudit(ctx, tx, {
      actor: actor,
      action: 'apikey_create',
      target: row.id,
      details: { name, prefix: row.prefix, scopes, expiresAt: expiresAt.toISOString() },
    });
    return { ...row, scopes, key: generated.key };
  });
}
