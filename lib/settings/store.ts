import type { Db } from '../db';
import { defaultSettings, isSettingKey, parseSetting, settingSchemas, type SettingKey, type Settings } from './defaults';

/**
 * Reads all settings at once (a handful of rows), falling back to defaults for keys never set or
 * stored with a value that no longer validates. Cached per process for a few seconds so hot paths
 * do not query it every time; a running worker sees a change within CACHE_MS.
 */
const CACHE_MS = 3000;
const cache = new WeakMap<Db, { at: number; value: Settings }>();

export async function loadSettings(db: Db, opts: { fresh?: boolean } = {}): Promise<Settings> {
  const hit = cache.get(db);
  if (hit && !opts.fresh && Date.now() - hit.at < CACHE_MS) return hit.value;
  const rows = await db.setting.findMany();
  const value: Settings = { ...defaultSettings };
  for (const row of rows) {
    if (!isSettingKey(row.key)) continue;
    const parsed = settingSchemas[row.key].safeParse(row.value);
    if (parsed.success) (value as Record<string, unknown>)[row.key] = parsed.data;
  }
  cache.set(db, { at: Date.now(), value });
  return value;
}

export async function setSetting<K extends SettingKey>(db: Db, key: K, value: unknown, updatedBy?: string): Promise<Settings[K]> {
  const parsed = parseSetting(key, value);
  const json = parsed as unknown as object;
  await db.setting.upsert({
    where: { key },
    create: { key, value: json, updatedBy },
    update: { value: json, updatedBy },
  });
  cache.delete(db);
  return parsed;
}

/** Fills {placeholders}; unknown ones stay visible so a typo in a setting is noticed, not hidden. */
export function fillTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (m, k: string) => values[k] ?? m);
}
