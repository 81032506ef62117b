/**
 * Tells admins that the launch threshold (settings.launchThreshold active subscribers) is reached
 * (issue 12). Run by the worker's maintenance every 10 minutes; raised once per threshold value
 * (event key `launch_threshold:<threshold>`), and not at all once the service is launched.
 */
import type { AppContext } from '../context';
import { notifyStaff } from '../notifications/notify-staff';
import { loadSettings } from '../settings/store';
import { countActiveSubscribers } from './counters';

export async function noticeLaunchThreshold(ctx: AppContext): Promise<number> {
  const settings = await loadSettings(ctx.db);
  if (settings.launchedAt) return 0;
  const active = await countActiveSubscribers(ctx.pool);
  if (active < settings.launchThreshold) return 0;
  return ctx.db.$transaction((tx) =>
    notifyStaff(ctx, tx, {
      kind: 'launch_threshold',
      eventKey: `launch_threshold:${settings.launchThreshold}`,
      title: 'Raggiunta la soglia di lancio',
      body: `Gli iscritti attivi sono ${active}, la soglia di lancio è ${settings.launchThreshold}: un amministratore può avviare il servizio dalla pagina Lancio.`,
      link: '/dashboard/lancio',
      roles: ['ADMIN'],
    }),
  );
}
