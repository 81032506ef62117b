import type { AppContext } from '../context';
import { assertActor, type AnyActor } from '../access/actor';
import { recordAudit } from '../audit/record';
import type { ConfiguredKeys } from '../privacy/data-key-fingerprint';
import { rotateDataKeys, type RotateOptions, type RotationReport } from '../privacy/key-rotation';

/**
 * keys:rotate: moves every look-up and every ciphertext to the configured current data key
 * (lib/privacy/key-rotation.ts; operator's steps in docs/operations.md "Key rotation"). Admins and
 * the system only; audited with what it did, never with a key (only key ids).
 */
export async function rotateDataKey(
  ctx: AppContext,
  { actor, keys, ...opts }: { actor: AnyActor; keys: ConfiguredKeys } & RotateOptions,
): Promise<RotationReport> {
  assertActor(actor, 'ADMIN');
  const report = await rotateDataKeys(ctx.pool, keys, opts);
  await recordAudit(ctx, ctx.db, {
    actor,
    action: 'data_key_rotate',
    target: report.keyId,
    details: {
      lookupRows: report.lookupRows,
      reencrypted: report.reencrypted,
      unreadable: report.unreadable.length,
      leftUnderOldKeys: report.leftUnderOldKeys,
      complete: report.complete,
    },
  });
  return report;
}
