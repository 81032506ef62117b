import { alertTemplateMessage } from '../templates/alert-message';
import type { AppContext } from '../context';
import type { Settings } from '../settings/defaults';
import type { TemplateSend } from '../whatsapp/payloads';

const MAX_CACHED = 200;

/**
 * The template message of each alert being sent, built once per alert (lib/templates/alert-message.ts
 * decides name, language and parameters, so the worker sends exactly what the preview showed).
 * An alert whose message cannot be built is remembered as an Error: its sends pause the alert.
 */
export class AlertMessages {
  private readonly cache = new Map<string, TemplateSend | Error>();

  async load(ctx: Pick<AppContext, 'db'>, alertIds: string[], settings: Pick<Settings, 'alertTemplateName' | 'alertTemplateLanguage'>): Promise<void> {
    const missing = [...new Set(alertIds)].filter((id) => !this.cache.has(id));
    if (missing.length === 0) return;
    if (this.cache.size + missing.length > MAX_CACHED) this.cache.clear();
    const rows = await ctx.db.alert.findMany({
      where: { id: { in: missing } },
      select: { id: true, title: true, body: true, link: true, isWelcome: true, templateName: true, templateLanguage: true },
    });
    const fallback = { name: settings.alertTemplateName, language: settings.alertTemplateLanguage };
    for (const row of rows) {
      try {
        this.cache.set(row.id, alertTemplateMessage(row, fallback));
      } catch (e) {
        this.cache.set(row.id, e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  get(alertId: string): TemplateSend | Error {
    return this.cache.get(alertId) ?? new Error(`alert ${alertId} not loaded`);
  }
}
