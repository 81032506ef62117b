import type { Actor } from '../access/roles';
import { recordAudit } from '../audit/record';
import type { AppContext } from '../context';
import { AppError } from '../errors';
import { parseSetting } from '../settings/defaults';
import { loadSettings } from '../settings/store';
import { assertTemplateReady, loadTemplateState } from '../templates/load-template';
import { welcomeTemplateBody } from '../templates/standard';
import { assertActor, isSystem, type SystemActor } from '../access/actor';
import { lockAlert, TX_OPTIONS } from './alert-record';
import { publishLocked } from './publish-alert';
import { completePublishing } from './continue-publishing';
import { formatRome } from '../time/rome-time';

export interface LaunchServiceInput {
  /** An admin, or the system for `npm run cli -- service:launch`. */
  actor: Actor | SystemActor;
  /** Open normal sending without the welcome message. */
  noWelcome?: boolean;
}

export interface LaunchResult {
  launchedAt: Date;
  welcome: { alertId: string; recipients: number } | null;
}

/**
 * Opens normal sending (settings.launchedAt) and, unless told not to, sends the welcome message
 * to every active subscriber with the welcome template (no quiet hours, no weekly cap: it is the
 * first message people get). One transaction: a failure leaves the service not launched.
 * Launching is allowed before the threshold is reached: the threshold is guidance, the admin decides.
 */
export async function launchService(ctx: AppContext, { actor, noWelcome = false }: LaunchServiceInput): Promise<LaunchResult> {
  assertActor(actor, 'ADMIN');
  const base = await loadSettings(ctx.db, { fresh: true });
  const now = ctx.now();
  const result = await ctx.db.$transaction(async (tx) => {
    // Two admins clicking at once: the second waits here, then sees launchedAt set.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('banditore:service-launch'))`;
    const current = await tx.setting.findUnique({ where: { key: 'launchedAt' } });
    if (current && current.value !== null) {
      const when = new Date(String(current.value));
      const whenText = Number.isNaN(when.getTime()) ? '' : ` ${formatRome(when)}`;
      throw new AppError('conflict', `Il servizio è già stato avviato${whenText}.`);
    }
    const value = parseSetting('launchedAt', now.toISOString()) ?? now.toISOString();
    const updatedBy = isSystem(actor) ? `system:${actor.label}` : actor.kind === 'staff' ? actor.email : actor.name;
    await tx.setting.upsert({ where: { key: 'launchedAt' }, create: { key: 'launchedAt', value, updatedBy }, update: { value, updatedBy } });
    await recordAudit(ctx, tx, { actor: actor, action: 'service_launch', target: 'service', details: { welcome: !noWelcome } });
    if (noWelcome) return { launchedAt: now, welcome: null };

    const settings = { ...base, launchedAt: value };
    const template = await loadTemplateState(tx, settings, 'welcome');
    assertTemplateReady(template);
    const created = await tx.alert.create({
      data: {
        title: 'Benvenuto',
        body: welcomeTemplateBody(settings),
        status: 'DRAFT',
        isWelcome: true,
        allTopics: true,
        publicArchive: false,
        createdById: actor.kind === 'staff' ? actor.id : null,
        createdAt: now,
      },
      select: { id: true },
    });
    const alert = await lockAlert(tx, created.id);
    const r = await publishLocked(ctx, tx, alert, { actor, settings, trigger: 'launch' });
    return { launchedAt: now, welcome: { alertId: created.id, recipients: r.recipients } };
  }, TX_OPTIONS);
  await loadSettings(ctx.db, { fresh: true });
  if (result.welcome) {
    const done = await completePublishing(ctx, { id: result.welcome.alertId, recipients: result.welcome.recipients });
    return { ...result, welcome: { ...result.welcome, recipients: done.recipients ?? 0 } };
  }
  return result;
}
