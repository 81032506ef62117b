import type { AppContext } from '../context';
import { assertActor, isSystem, type AnyActor } from '../access/actor';
import { actorLabel } from '../access/roles';
import { recordAudit } from '../audit/record';
import { invalidInput, type FieldErrors } from '../errors';
import type { Prisma } from '../generated/prisma/client';
import { isSettingKey, settingSchemas, type SettingKey } from './defaults';
import { loadSettings } from './store';

/** Keys that only a workflow changes, never a form or the CLI; the value says which workflow. */
export const READ_ONLY_SETTINGS: Partial<Record<SettingKey, string>> = {
  launchedAt: 'Impostazione di sola lettura: la imposta l’avvio del servizio (service:launch).',
};

/**
 * Saves the settings that changed, all or nothing, each validated with its schema and audited with
 * its old and new value (settings hold no personal data). Returns the keys that changed.
 */
export async function updateSettings(ctx: AppContext, { actor, changes }: { actor: AnyActor; changes: Record<string, unknown> }): Promise<SettingKey[]> {
  assertActor(actor, 'ADMIN');
  const fieldErrors: FieldErrors = {};
  const parsed: Partial<Record<SettingKey, unknown>> = {};
  for (const [key, value] of Object.entries(changes)) {
    if (!isSettingKey(key)) {
      fieldErrors[key] = ['Impostazione sconosciuta.'];
      continue;
    }
    const readOnly = READ_ONLY_SETTINGS[key];
    if (readOnly) {
      fieldErrors[key] = [readOnly];
      continue;
    }
    const r = settingSchemas[key].safeParse(value);
    if (r.success) parsed[key] = r.data;
    else fieldErrors[key] = r.error.issues.map((i) => i.message);
  }
  const keys = Object.keys(fieldErrors);
  if (keys.length > 0) throw invalidInput('Alcuni valori non sono validi: correggili e salva di nuovo.', fieldErrors);

  const current = await loadSettings(ctx.db, { fresh: true });
  const changed = (Object.keys(parsed) as SettingKey[]).filter((k) => JSON.stringify(parsed[k]) !== JSON.stringify(current[k]));
  if (changed.length === 0) return [];
  await ctx.db.$transaction(async (tx) => {
    for (const key of changed) {
      const value = parsed[key] as Prisma.InputJsonValue;
      const updatedBy = isSystem(actor) ? `system:${actor.label}` : actorLabel(actor);
      await tx.setting.upsert({ where: { key }, create: { key, value, updatedBy }, update: { value, updatedBy } });
      await recordAudit(ctx, tx, {
        actor,
        action: 'settings_change',
        target: key,
        details: { key, old: current[key], new: parsed[key] } as Record<string, unknown>,
      });
    }
  });
  await loadSettings(ctx.db, { fresh: true });
  return changed;
}
