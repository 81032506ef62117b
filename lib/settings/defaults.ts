import { z } from 'zod';

/**
 * Settings that staff change from the dashboard (and `npm run cli -- settings:set`), stored in the
 * `settings` table as JSON. Each has a schema and a default; unknown keys are refused.
 * Reply texts use {placeholders}: {servizio}, {comune}, {nome}, {privacy}, {sito}, {urp}, {numero}.
 */
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Hosts where plain http is accepted: a local test installation, never reachable from outside. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * An address the service links to, or lets frame its pages: https only, so a citizen never follows
 * a link that can be read or rewritten on the way (http only for loopback: local tests and demos).
 */
export const httpsUrl = z.url().refine(
  (v) => {
    if (!URL.canParse(v)) return false; // z.url() already said so
    const u = new URL(v);
    return u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  },
  { message: 'Serve un indirizzo https:// (http:// solo per localhost).' },
);

const price = z.number().min(0).max(10);
const COUNTRY = /^[A-Z]{2}$/;
/** Meta's price of one message per category, in euro, for one recipient country. */
export const categoryPricesSchema = z.object({ MARKETING: price, UTILITY: price, AUTHENTICATION: price, SERVICE: price });
/**
 * Prices per template category and recipient country (ISO 3166 alpha-2), with the date they apply
 * from, and Meta's rules: utility templates charged inside the 24-hour window too from
 * `utilityInWindowFrom`; free-form service replies beyond `serviceFreePerMonth` a month per number
 * charged at SERVICE from `serviceMeteredFrom`. lib/settings/prices.ts applies them.
 */
export const messagePricesSchema = z
  .object({
    effectiveFrom: z.iso.date(),
    defaultCountry: z.string().regex(COUNTRY),
    countries: z.record(z.string().regex(COUNTRY), categoryPricesSchema),
    utilityInWindowFrom: z.iso.date(),
    serviceMeteredFrom: z.iso.date(),
    serviceFreePerMonth: z.number().int().min(0).max(10_000_000),
  })
  .refine((p) => p.countries[p.defaultCountry] !== undefined, { message: 'defaultCountry needs its prices in countries' });
export type MessagePrices = z.infer<typeof messagePricesSchema>;

export const settingSchemas = {
  comuneName: z.string().min(2).max(120),
  serviceName: z.string().min(2).max(80),
  comuneWebsite: httpsUrl,
  urpContacts: z.string().min(5).max(500),
  privacyController: z.string().min(5).max(500),
  privacyDpoContact: z.string().min(5).max(300),
  privacyVersion: z.string().min(1).max(40),
  privacyRetention: z.string().min(5).max(500),
  accessibilityStatementUrl: z.union([httpsUrl, z.literal('')]),
  launchThreshold: z.number().int().min(0).max(10_000_000),
  launchedAt: z.iso.datetime().nullable(),
  /** Show on the public home page how many subscribers are still missing before the launch. */
  launchCounterPublic: z.boolean(),
  allowedFrameOrigins: z.array(httpsUrl).max(20),
  replySubscribed: z.string().min(10).max(1024),
  replySubscribedBeforeLaunch: z.string().min(10).max(1024),
  replyAlreadySubscribed: z.string().min(10).max(1024),
  replyAskName: z.string().min(10).max(1024),
  replyNameGuess: z.string().min(10).max(1024),
  replyNameChanged: z.string().min(10).max(1024),
  replyUnsubscribed: z.string().min(10).max(1024),
  replyHelp: z.string().min(10).max(1024),
  replyTopicsIntro: z.string().min(5).max(1024),
  replyTopicsSaved: z.string().min(5).max(1024),
  replyZonesIntro: z.string().min(5).max(1024),
  replyZonesSaved: z.string().min(5).max(1024),
  replyPreferencesLink: z.string().min(5).max(1024),
  replyPreferencesSaved: z.string().min(5).max(1024),
  replyOneWay: z.string().min(10).max(1024),
  messagesPerSecond: z.number().int().min(1).max(1000),
  dailyRecipientLimit: z.union([z.number().int().min(1), z.literal('unlimited')]),
  quietHoursStart: z.string().regex(HHMM, 'formato HH:MM'),
  quietHoursEnd: z.string().regex(HHMM, 'formato HH:MM'),
  weeklyNormalCap: z.number().int().min(1).max(100),
  fourEyes: z.boolean(),
  totpRequired: z.boolean(),
  /** Admins must use TOTP (password logins). On by default; relaxing it is shown as a warning. */
  adminTotpRequired: z.boolean(),
  alertTemplateName: z.string().regex(/^[a-z0-9_]{1,512}$/),
  alertTemplateLanguage: z.string().min(2).max(10),
  messagePrices: messagePricesSchema,
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type Settings = { [K in SettingKey]: z.infer<(typeof settingSchemas)[K]> };

export const defaultSettings: Settings = {
  comuneName: 'Comune di Conegliano',
  serviceName: 'WhatsApp Conegliano',
  comuneWebsite: 'https://www.comune.conegliano.tv.it',
  urpContacts: "l'Ufficio Relazioni con il Pubblico (URP) del Comune, ai recapiti indicati sul sito istituzionale",
  privacyController: 'Comune di Conegliano, Piazza Cima 8, 31015 Conegliano (TV)',
  privacyDpoContact: 'il Responsabile della protezione dei dati (RPD/DPO) del Comune, ai recapiti indicati sul sito istituzionale',
  privacyVersion: '2026-11-29',
  privacyRetention:
    'I dati restano finché sei iscritto. Quando ti cancelli, nome e numero vengono eliminati subito; resta solo un codice non reversibile che serve a contare le iscrizioni e le cancellazioni. Le richieste non confermate sono cancellate dopo 48 ore.',
  accessibilityStatementUrl: '',
  launchThreshold: 500,
  launchedAt: null,
  launchCounterPublic: false,
  allowedFrameOrigins: [],
  replySubscribed:
    'Ciao {nome}, la tua iscrizione a *{servizio}* è attiva. Riceverai solo avvisi utili del {comune}: viabilità, strade chiuse, urgenze.\n\nPer cancellarti in qualsiasi momento scrivi *Cancellami*.\nInformativa privacy: {privacy}',
  replySubscribedBeforeLaunch:
    'Ciao {nome}, la tua iscrizione a *{servizio}* è registrata. Il servizio partirà a breve, appena avremo raggiunto abbastanza iscritti: ti scriveremo noi.\n\nPer cancellarti in qualsiasi momento scrivi *Cancellami*.\nInformativa privacy: {privacy}',
  replyAlreadySubscribed: 'Ciao {nome}, sei già iscritto a *{servizio}*: non devi fare altro. Per cancellarti scrivi *Cancellami*.',
  replyAskName: 'Grazie! Per completare l’iscrizione a *{servizio}* scrivi il tuo *nome e cognome*, ad esempio: Iscrivimi Mario Rossi',
  replyNameGuess:
    'Ciao {nome}, ti abbiamo iscritto a *{servizio}* come *{nome} {cognome}*. Se il nome non è giusto, scrivi *Nome* seguito da nome e cognome, ad esempio: Nome Mario Rossi.\n\nPer cancellarti in qualsiasi momento scrivi *Cancellami*.\nInformativa privacy: {privacy}',
  replyNameChanged: 'Fatto: ora sei iscritto come *{nome} {cognome}*.',
  replyUnsubscribed:
    'Fatto: non riceverai più messaggi da *{servizio}*. Abbiamo cancellato il tuo nome e il tuo numero. Se cambi idea, scrivi *Iscrivimi* con nome e cognome.',
  replyHelp:
    '*{servizio}* è il servizio del {comune} che invia avvisi su viabilità, strade chiuse e urgenze. È un canale solo in uscita: non leggiamo le risposte.\n\nComandi:\n- *Iscrivimi* Nome Cognome: per iscriverti\n- *Argomenti*: per scegliere gli argomenti\n- *Zone*: per scegliere il tuo quartiere o la tua frazione\n- *Cancellami*: per non ricevere più messaggi\n\nInformativa privacy: {privacy}',
  replyTopicsIntro: 'Scegli l’argomento che vuoi attivare o disattivare. Ti mostriamo quelli attivi con ✅.',
  replyTopicsSaved: 'Fatto. Ora ricevi avvisi su: {argomenti}.',
  replyZonesIntro:
    'Vuoi ricevere solo gli avvisi della tua zona? Scegli il quartiere o la frazione che ti interessa; puoi sceglierne più di uno. Se non scegli niente, ricevi gli avvisi di tutto il Comune. Le zone scelte sono segnate con ✅.',
  replyZonesSaved: 'Fatto. Zone scelte: {zone}. Gli avvisi per tutto il Comune ti arrivano comunque.',
  replyPreferencesLink:
    'Ecco il tuo link personale per scegliere argomenti e zone, oppure per cancellarti:\n{link}\n\nVale 60 minuti e una volta sola. Non inoltrarlo a nessuno.',
  replyPreferencesSaved:
    'Fatto: preferenze salvate dalla pagina web. Argomenti: {argomenti}. Zone: {zone}. Se non sei stato tu, scrivi Preferenze e rimetti le tue scelte.',
  replyOneWay:
    'Questo numero invia solo avvisi del {comune} e non legge i messaggi. Per parlare con il Comune contatta {urp}. Sito: {sito}\n\nComandi: *Iscrivimi*, *Argomenti*, *Cancellami*, *Aiuto*.',
  messagesPerSecond: 80,
  dailyRecipientLimit: 250,
  quietHoursStart: '22:00',
  quietHoursEnd: '07:00',
  weeklyNormalCap: 3,
  fourEyes: false,
  totpRequired: false,
  adminTotpRequired: true,
  alertTemplateName: 'avviso_comune',
  alertTemplateLanguage: 'it',
  // Meta's Italy rates as last published (USD list, taken as euro): check them against Meta's
  // current rate card (developers.facebook.com/.../pricing) before relying on the estimate.
  messagePrices: {
    effectiveFrom: '2026-10-01',
    defaultCountry: 'IT',
    countries: { IT: { MARKETING: 0.0691, UTILITY: 0.03, AUTHENTICATION: 0.03, SERVICE: 0.03 } },
    utilityInWindowFrom: '2026-10-01',
    serviceMeteredFrom: '2026-10-01',
    serviceFreePerMonth: 1000,
  },
};

export function parseSetting<K extends SettingKey>(key: K, value: unknown): Settings[K] {
  return settingSchemas[key].parse(value) as Settings[K];
}

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingSchemas, key);
}
