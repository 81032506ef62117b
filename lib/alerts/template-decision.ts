import type { AppContext } from '../context';
import { reconcileTemplateHolds } from '../delivery/template-holds';
import type { Settings } from '../settings/defaults';
import { refreshTemplateForSend } from '../templates/refresh-template';
import { standardTemplate, type StandardRole } from '../templates/standard';

/**
 * Every send decision (publish, test send) reads the template's current state from Meta when the
 * local copy is older than the freshness window (lib/templates/refresh-template.ts); what changed
 * is applied to the alerts already sending with it (a move to MARKETING holds them). Never throws.
 */
export async function refreshTemplatesForSend(ctx: AppContext, settings: Settings, role: StandardRole): Promise<void> {
  const def = standardTemplate(settings, role);
  const r = await refreshTemplateForSend(ctx, { name: def.name, language: def.language });
  if (r !== 'read') return;
  try {
    await reconcileTemplateHolds(ctx);
  } catch (e) {
    ctx.log.warn('template holds not reconciled after a re-read; the next template event or maintenance will', { error: (e as Error).message });
  }
}
