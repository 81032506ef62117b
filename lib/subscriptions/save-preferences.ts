import type { AppContext } from '../context';
import { invalidInput } from '../errors';
import { enqueueMessage } from '../outbox/enqueue';
import { loadSettings } from '../settings/store';
import { lockOpenLink } from './preference-link';
import { replyAddress } from './reply-address';
import { replyText } from './replies';
import { ledgerKey } from './subscriber-changes';

export type SavePreferencesResult = { ok: true; topics: string[]; zones: string[] } | { ok: false; reason: 'link_not_valid' };

const MAX_CHOICES = 100;

/**
 * Saves the topics and zones chosen on the preferences page, as one change set: the link is used
 * up in the same transaction (a second submit, or a second tab, changes nothing), the change is
 * recorded in the consent ledger (channel WEB) and the person gets a WhatsApp message saying what
 * is now chosen — so a change made by someone else who got hold of the link does not go unseen.
 * At least one topic: leaving is its own button. Unknown or retired choices are refused by name.
 */
export async function savePreferences(ctx: AppContext, input: { token: unknown; topics: string[]; zones: string[] }): Promise<SavePreferencesResult> {
  const topicSlugs = [...new Set(input.topics)].slice(0, MAX_CHOICES);
  const zoneSlugs = [...new Set(input.zones)].slice(0, MAX_CHOICES);
  if (topicSlugs.length === 0) {
    throw invalidInput('Scegli almeno un argomento. Per non ricevere più nessun avviso usa «Cancellami dal servizio».', {
      topics: ['Scegli almeno un argomento.'],
    });
  }
  const settings = await loadSettings(ctx.db);
  return ctx.db.$transaction(async (tx) => {
    const link = await lockOpenLink(ctx, tx, input.token);
    if (!link) return { ok: false as const, reason: 'link_not_valid' as const };
    const [topics, zones] = await Promise.all([
      tx.topic.findMany({
        where: { slug: { in: topicSlugs }, active: true },
        orderBy: [{ position: 'asc' }, { name: 'asc' }],
        select: { id: true, slug: true, name: true },
      }),
      tx.zone.findMany({
        where: { slug: { in: zoneSlugs }, active: true },
        orderBy: [{ position: 'asc' }, { name: 'asc' }],
        select: { id: true, slug: true, name: true },
      }),
    ]);
    const missing = [...topicSlugs.filter((s) => !topics.some((t) => t.slug === s)), ...zoneSlugs.filter((s) => !zones.some((z) => z.slug === s))];
    if (missing.length > 0) {
      throw invalidInput(`Alcune scelte non sono più disponibili (${missing.join(', ')}): ricarica la pagina.`, {
        form: [`Scelte non disponibili: ${missing.join(', ')}.`],
      });
    }
    const s = await tx.subscriber.findUniqueOrThrow({ where: { id: link.subscriberId } });
    await tx.subscriberTopic.deleteMany({ where: { subscriberId: s.id } });
    await tx.subscriberTopic.createMany({ data: topics.map((t) => ({ subscriberId: s.id, topicId: t.id })) });
    await tx.subscriberZone.deleteMany({ where: { subscriberId: s.id } });
    if (zones.length > 0) await tx.subscriberZone.createMany({ data: zones.map((z) => ({ subscriberId: s.id, zoneId: z.id })) });
    const now = ctx.now();
    await tx.consentEvent.create({
      data: {
        phoneHmac: ledgerKey(s),
        action: 'TOPICS_CHANGED',
        channel: 'WEB',
        privacyVersion: settings.privacyVersion,
        evidence: `preferences link ${link.linkId}`,
        createdAt: now,
      },
    });
    await tx.preferenceLink.update({ where: { id: link.linkId }, data: { usedAt: now } });
    const to = replyAddress(ctx, s);
    const topicNames = topics.map((t) => t.name);
    const zoneNames = zones.map((z) => z.name);
    if (to) {
      await enqueueMessage(tx, ctx.cipher, {
        idempotencyKey: `preferences:${link.linkId}`,
        to,
        purpose: 'reply',
        subscriberId: s.id,
        content: {
          type: 'text',
          body: replyText(settings, 'replyPreferencesSaved', {
            argomenti: topicNames.join(', '),
            zone: zoneNames.length > 0 ? zoneNames.join(', ') : 'nessuna (ricevi gli avvisi di tutto il Comune)',
          }),
        },
      });
    }
    return { ok: true as const, topics: topicNames, zones: zoneNames };
  });
}
