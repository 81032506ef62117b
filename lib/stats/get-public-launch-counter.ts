import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { countActiveSubscribers } from './counters';

/**
 * How many active subscribers are still missing before the launch, for the public home page.
 * Public on purpose (no actor): the comune chooses to show it with `launchCounterPublic`, and it
 * reveals only a count. null when the setting is off, the service has launched or the threshold is met.
 */
export async function getPublicLaunchCounter(ctx: Pick<AppContext, 'db' | 'pool'>): Promise<number | null> {
  const settings = await loadSettings(ctx.db);
  if (!settings.launchCounterPublic || settings.launchedAt !== null) return null;
  const missing = settings.launchThreshold - (await countActiveSubscribers(ctx.pool));
  return missing > 0 ? missing : null;
}

/** "Mancano 12 iscritti all'avvio del servizio", "Manca 1 iscritto …". */
export function launchCounterText(missing: number): string {
  const n = missing.toLocaleString('it-IT');
  return missing === 1 ? 'Manca 1 iscritto all’avvio del servizio' : `Mancano ${n} iscritti all’avvio del servizio`;
}
