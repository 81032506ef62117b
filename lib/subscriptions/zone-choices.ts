/**
 * Zones in the chat (issue 13): after subscribing and with "Zone" / "Quartieri" / "Frazioni", an
 * interactive list lets the subscriber toggle the quartieri and frazioni they care about. No zone
 * chosen means the whole town (lib/delivery/recipients.ts), which is also what "Tutto il Comune"
 * restores. Ids: `zone:<slug>`, `zones:all`, `zones:page:<n>`.
 */
import type { OutboundContent } from '../outbox/enqueue';
import type { Prisma } from '../generated/prisma/client';
import type { AppContext } from '../context';
import type { Settings } from '../settings/defaults';
import { activeZones } from '../zones/active-zones';
import { replyText } from './replies';
import { clip, ledgerKey, listPage, type SubscriberRow } from './subscriber-changes';

type Tx = Prisma.TransactionClient;

export const ZONE_PREFIX = 'zone:';
export const ZONES_PAGE_PREFIX = 'zones:page:';
export const ZONES_ALL = 'zones:all';

/** Meta's limit on the body of an interactive list. */
export const LIST_BODY_MAX = 1024;

/**
 * The zone list, or null when the comune has no active zone (nothing to choose). `lead` goes above
 * the list's own introduction (the welcome, so a new subscriber gets one message, not two).
 */
export async function zonesList(tx: Tx, s: SubscriberRow, settings: Settings, page = 1, lead?: string): Promise<OutboundContent | null> {
  const all = await activeZones(tx);
  if (all.length === 0) return null;
  const mine = new Set((await tx.subscriberZone.findMany({ where: { subscriberId: s.id }, select: { zoneId: true } })).map((z) => z.zoneId));
  const anyChosen = all.some((z) => mine.has(z.id));
  // "Tutto il Comune" comes first when some zone is chosen: one tap back to the default.
  type Row = { id: string; title: string; description: string };
  const choices: Row[] = [
    ...(anyChosen ? [{ id: ZONES_ALL, title: 'Tutto il Comune', description: 'Togli le zone scelte e ricevi gli avvisi di tutto il Comune' }] : []),
    ...all.map((z) => ({
      id: `${ZONE_PREFIX}${z.slug}`,
      title: clip(z.name, 24),
      description: clip(
        `${z.kind === 'FRAZIONE' ? 'Frazione' : 'Quartiere'} · ${mine.has(z.id) ? '✅ Scelta: tocca per togliere' : 'Tocca per scegliere'}`,
        72,
      ),
    })),
  ];
  const { items, current, pages, last } = listPage(choices, page);
  const rows = [...items];
  if (!last) rows.push({ id: `${ZONES_PAGE_PREFIX}${current + 1}`, title: 'Altre zone', description: `Pagina ${current + 1} di ${pages}` });
  return {
    type: 'list',
    body: clip(lead ? `${lead}\n\n${replyText(settings, 'replyZonesIntro')}` : replyText(settings, 'replyZonesIntro'), LIST_BODY_MAX),
    button: 'Scegli la zona',
    sections: [{ title: pages > 1 ? `Zone (${current}/${pages})` : 'Zone', rows }],
  };
}

/**
 * Turns one zone on or off (or, with `all`, clears them); returns the names now chosen, for the
 * reply. Recorded in the consent ledger like a change of topics.
 */
export async function toggleZone(ctx: AppContext, tx: Tx, s: SubscriberRow, choice: { slug: string } | 'all', settings: Settings): Promise<string> {
  let changed = false;
  if (choice === 'all') {
    changed = (await tx.subscriberZone.deleteMany({ where: { subscriberId: s.id } })).count > 0;
  } else {
    const zone = await tx.zone.findFirst({ where: { slug: choice.slug, active: true }, select: { id: true } });
    if (zone) {
      const key = { subscriberId_zoneId: { subscriberId: s.id, zoneId: zone.id } };
      if (await tx.subscriberZone.findUnique({ where: key })) await tx.subscriberZone.delete({ where: key });
      else await tx.subscriberZone.create({ data: { subscriberId: s.id, zoneId: zone.id } });
      changed = true;
    }
  }
  if (changed) {
    await tx.consentEvent.create({
      data: { phoneHmac: ledgerKey(s), action: 'TOPICS_CHANGED', channel: 'WHATSAPP', privacyVersion: settings.privacyVersion, createdAt: ctx.now() },
    });
  }
  const chosen = await tx.subscriberZone.findMany({
    where: { subscriberId: s.id, zone: { active: true } },
    include: { zone: { select: { name: true } } },
    orderBy: [{ zone: { position: 'asc' } }, { zone: { name: 'asc' } }],
  });
  return chosen.length > 0 ? chosen.map((z) => z.zone.name).join(', ') : 'nessuna (ricevi gli avvisi di tutto il Comune)';
}
