import type { Actor } from '../access/roles';
import { assertRole } from '../access/roles';
import type { AppContext } from '../context';
import { loadSettings } from '../settings/store';
import { loadTemplateState, type TemplateState } from '../templates/load-template';
import { toRomeInputValue } from '../time/rome-time';
import type { AlertComposeFormValues } from './schema';
import { TITLE_MAX } from '../templates/template-fit';
import { activeZones } from '../zones/active-zones';

export interface ComposeContext {
  topics: { slug: string; name: string; description: string }[];
  /** Active zones in their order; empty when the comune has none (then the composer hides the choice). */
  zones: { slug: string; name: string; description: string; kind: 'QUARTIERE' | 'FRAZIONE' }[];
  /** The alert template: its texts feed validateForTemplate / alertSchemaFor in the browser. */
  template: TemplateState;
  launched: boolean;
  fourEyes: boolean;
  quietHours: { start: string; end: string };
  weeklyNormalCap: number;
  titleMax: number;
  /** Now in Rome time, for the datetime-local field's `min`. */
  nowInput: string;
  /** Whether the actor has a phone on their profile (the "send a test" button). */
  canSendTest: boolean;
  defaults: AlertComposeFormValues;
}

/** What the compose page needs besides the alert itself, in one call. */
export async function getComposeContext(ctx: AppContext, { actor }: { actor: Actor }): Promise<ComposeContext> {
  assertRole(actor, 'EDITOR');
  const settings = await loadSettings(ctx.db);
  const [topics, zones, template, staff] = await Promise.all([
    ctx.db.topic.findMany({ where: { active: true }, orderBy: { position: 'asc' }, select: { slug: true, name: true, description: true } }),
    activeZones(ctx.db),
    loadTemplateState(ctx.db, settings, 'alert'),
    actor.kind === 'staff' ? ctx.db.staffUser.findUnique({ where: { id: actor.id }, select: { phoneEnc: true } }) : Promise.resolve(null),
  ]);
  return {
    topics,
    zones: zones.map(({ slug, name, description, kind }) => ({ slug, name, description, kind })),
    template,
    launched: settings.launchedAt !== null,
    fourEyes: settings.fourEyes,
    quietHours: { start: settings.quietHoursStart, end: settings.quietHoursEnd },
    weeklyNormalCap: settings.weeklyNormalCap,
    titleMax: TITLE_MAX,
    nowInput: toRomeInputValue(ctx.now()),
    canSendTest: !!staff?.phoneEnc,
    defaults: { title: '', body: '', link: '', urgency: 'normal', urgentReason: '', scheduledAt: '', publicArchive: true },
  };
}
