import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { invalidInput } from '../errors';
import { generateApiKey } from './api-key-format';
import { createApiKeySchema, type CreateApiKeyInput } from './api-key-schema';

export interface CreatedApiKey {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  /** The whole key: show it once; only its hash is stored. */
  key: string;
}

/** An admin (or the operator's CLI, as the system) creates a key; audited with name and prefix. */
export async function createApiKey(ctx: AppContext, { actor, input }: { actor: AnyActor; input: CreateApiKeyInput }): Promise<CreatedApiKey> {
  assertActor(actor, 'ADMIN');
  const parsed = createApiKeySchema.safeParse(input);
  if (!parsed.success) {
    const message = parsed.error.issues[0]?.message ?? 'Nome non valido.';
    throw invalidInput(message, { name: [message] });
  }
  const { name } = parsed.data;
  const generated = generateApiKey();
  return ctx.db.$transaction(async (tx) => {
    const row = await tx.apiKey.create({
      data: {
        name,
        prefix: generated.prefix,
        keyHash: generated.hash,
        createdById: actor.kind === 'staff' ? actor.id : null,
        createdAt: ctx.now(),
      },
      select: { id: true, name: true, prefix: true, createdAt: true },
    });
    await recordAudit(ctx, tx, { actor: actor, action: 'apikey_create', target: row.id, details: { name, prefix: row.prefix } });
    return { ...row, key: generated.key };
  });
}
