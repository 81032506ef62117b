import type { Settings } from '../settings/defaults';
import { fillTemplate } from '../settings/store';

type ReplyKey = Extract<keyof Settings, `reply${string}`>;

/** A reply text from the settings with the comune's details filled in. */
export function replyText(settings: Settings, key: ReplyKey, extra: Record<string, string> = {}): string {
  const filled = fillTemplate(settings[key], {
    servizio: settings.serviceName,
    comune: settings.comuneName,
    sito: settings.comuneWebsite,
    urp: settings.urpContacts,
    ...extra,
  });
  // "Ciao {nome}," without a name reads "Ciao ,": tidy the gap.
  return filled.replace(/ +([,.!?])/g, '$1');
}
