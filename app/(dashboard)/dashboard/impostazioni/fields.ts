import type { SettingKey } from '@/lib/settings/defaults';

/**
 * How each setting appears on the settings page: group, Italian label and help, input kind and
 * the message shown when its schema (lib/settings/defaults.ts) refuses the value.
 */
export type FieldKind = 'text' | 'textarea' | 'url' | 'int' | 'decimal' | 'bool' | 'time' | 'urls' | 'limit' | 'json';

export interface SettingField {
  key: SettingKey;
  label: string;
  help?: string;
  kind: FieldKind;
  invalid: string;
}

export interface SettingGroup {
  id: string;
  title: string;
  intro?: string;
  fields: SettingField[];
}

const PLACEHOLDERS = 'Puoi usare {servizio}, {comune}, {nome}, {privacy}, {sito}, {urp}, {numero}.';
const reply = (key: SettingKey, label: string, help: string): SettingField => ({
  key,
  label,
  help: `${help} ${PLACEHOLDERS} *grassetto* come su WhatsApp.`,
  kind: 'textarea',
  invalid: 'Da 10 a 1024 caratteri.',
});

export const SETTING_GROUPS: SettingGroup[] = [
  {
    id: 'comune',
    title: 'Comune e servizio',
    fields: [
      {
        key: 'comuneName',
        label: 'Nome del Comune',
        help: 'Come appare ai cittadini, ad esempio «Comune di Conegliano».',
        kind: 'text',
        invalid: 'Da 2 a 120 caratteri.',
      },
      { key: 'serviceName', label: 'Nome del servizio', help: 'Ad esempio «WhatsApp Conegliano».', kind: 'text', invalid: 'Da 2 a 80 caratteri.' },
      { key: 'comuneWebsite', label: 'Sito del Comune', kind: 'url', invalid: 'Scrivi un indirizzo completo, che inizia con https://.' },
      {
        key: 'urpContacts',
        label: 'Come contattare il Comune',
        help: 'Frase usata nelle risposte e nelle pagine, ad esempio i recapiti dell’URP.',
        kind: 'textarea',
        invalid: 'Da 5 a 500 caratteri.',
      },
      {
        key: 'accessibilityStatementUrl',
        label: 'Dichiarazione di accessibilità',
        help: 'Indirizzo della dichiarazione pubblicata su AGID; vuoto se non c’è ancora.',
        kind: 'url',
        invalid: 'Scrivi un indirizzo completo che inizia con https:// oppure lascia vuoto.',
      },
      {
        key: 'launchThreshold',
        label: 'Iscritti per partire',
        help: 'Numero di iscritti attivi al quale il servizio parte ufficialmente. Prima si possono inviare solo prove.',
        kind: 'int',
        invalid: 'Un numero intero da 0 a 10.000.000.',
      },
      {
        key: 'launchCounterPublic',
        label: 'Mostra sul sito quanti iscritti mancano alla partenza',
        help: 'Sulla pagina principale compare «Mancano N iscritti all’avvio del servizio», finché il servizio non parte.',
        kind: 'bool',
        invalid: 'Valore non valido.',
      },
      {
        key: 'allowedFrameOrigins',
        label: 'Siti che possono incorporare il modulo',
        help: 'Uno per riga, ad esempio https://www.comune.conegliano.tv.it. Servono solo se il modulo di iscrizione è inserito in un altro sito.',
        kind: 'urls',
        invalid: 'Al massimo 20 indirizzi completi (https://…), uno per riga.',
      },
    ],
  },
  {
    id: 'privacy',
    title: 'Privacy',
    intro: 'Testi dell’informativa privacy pubblicata sul sito e citata nei messaggi.',
    fields: [
      { key: 'privacyController', label: 'Titolare del trattamento', kind: 'textarea', invalid: 'Da 5 a 500 caratteri.' },
      { key: 'privacyDpoContact', label: 'Responsabile della protezione dei dati (RPD/DPO)', kind: 'textarea', invalid: 'Da 5 a 300 caratteri.' },
      {
        key: 'privacyVersion',
        label: 'Versione dell’informativa',
        help: 'Cambiala quando modifichi l’informativa: ogni iscrizione registra la versione accettata.',
        kind: 'text',
        invalid: 'Da 1 a 40 caratteri.',
      },
      { key: 'privacyRetention', label: 'Conservazione dei dati', kind: 'textarea', invalid: 'Da 5 a 500 caratteri.' },
    ],
  },
  {
    id: 'risposte',
    title: 'Risposte automatiche',
    intro: 'Cosa risponde il numero WhatsApp ai messaggi dei cittadini.',
    fields: [
      reply('replySubscribed', 'Iscrizione attiva', 'Dopo la conferma dell’iscrizione.'),
      reply('replySubscribedBeforeLaunch', 'Iscrizione prima della partenza', 'Dopo la conferma, finché il servizio non è partito.'),
      reply('replyAlreadySubscribed', 'Già iscritto', 'A chi scrive «Iscrivimi» ed è già iscritto.'),
      reply('replyAskName', 'Richiesta del nome', 'A chi scrive «Iscrivimi» senza nome e cognome.'),
      reply('replyNameGuess', 'Nome da verificare', 'Dopo l’iscrizione, quando nome e cognome sono stati indovinati: dice come correggerli.'),
      reply('replyNameChanged', 'Nome corretto', 'A chi è iscritto e scrive «Nome» seguito da nome e cognome.'),
      reply('replyUnsubscribed', 'Cancellazione', 'Dopo «Cancellami».'),
      reply('replyHelp', 'Aiuto', 'Dopo «Aiuto».'),
      {
        key: 'replyTopicsIntro',
        label: 'Scelta degli argomenti',
        help: 'Testo sopra l’elenco degli argomenti.',
        kind: 'textarea',
        invalid: 'Da 5 a 1024 caratteri.',
      },
      {
        key: 'replyTopicsSaved',
        label: 'Argomenti salvati',
        help: 'Dopo un cambio di argomenti; {argomenti} è l’elenco attivo.',
        kind: 'textarea',
        invalid: 'Da 5 a 1024 caratteri.',
      },
      {
        key: 'replyZonesIntro',
        label: 'Scelta delle zone',
        help: 'Testo sopra l’elenco dei quartieri e delle frazioni (dopo l’iscrizione e con «Zone»).',
        kind: 'textarea',
        invalid: 'Da 5 a 1024 caratteri.',
      },
      {
        key: 'replyZonesSaved',
        label: 'Zone salvate',
        help: 'Dopo un cambio di zone; {zone} è l’elenco scelto.',
        kind: 'textarea',
        invalid: 'Da 5 a 1024 caratteri.',
      },
      {
        key: 'replyPreferencesLink',
        label: 'Link alle preferenze',
        help: 'Risposta a «Preferenze»; {link} è il link personale (vale 60 minuti, una volta).',
        kind: 'textarea',
        invalid: 'Da 5 a 1024 caratteri.',
      },
      {
        key: 'replyPreferencesSaved',
        label: 'Preferenze salvate dal web',
        help: 'Dopo un cambio dalla pagina delle preferenze; {argomenti} e {zone} sono le scelte.',
        kind: 'textarea',
        invalid: 'Da 5 a 1024 caratteri.',
      },
      reply('replyOneWay', 'Canale solo in uscita', 'A ogni altro messaggio (al massimo una volta al giorno).'),
    ],
  },
  {
    id: 'invio',
    title: 'Invio',
    intro: 'Quanti messaggi, quando e con quale modello di WhatsApp.',
    fields: [
      {
        key: 'messagesPerSecond',
        label: 'Messaggi al secondo',
        help: 'Velocità massima di invio (Meta ne consente 80 al secondo per numero, fino a 1.000 su richiesta).',
        kind: 'int',
        invalid: 'Un numero intero da 1 a 1000.',
      },
      {
        key: 'dailyRecipientLimit',
        label: 'Destinatari al giorno (solo se Meta non risponde)',
        help: 'Il limite in uso è quello che legge Meta (250, 2.000, 10.000, 100.000 o illimitato, persone diverse in 24 ore). Questo valore vale solo quando Meta non si può leggere. Lascia vuoto per nessun limite.',
        kind: 'limit',
        invalid: 'Un numero intero maggiore di zero, oppure vuoto per nessun limite.',
      },
      {
        key: 'quietHoursStart',
        label: 'Inizio fascia di silenzio',
        help: 'Dalle … gli avvisi normali aspettano il mattino; quelli urgenti partono subito.',
        kind: 'time',
        invalid: 'Un orario nel formato HH:MM.',
      },
      { key: 'quietHoursEnd', label: 'Fine fascia di silenzio', kind: 'time', invalid: 'Un orario nel formato HH:MM.' },
      {
        key: 'weeklyNormalCap',
        label: 'Avvisi normali a settimana per iscritto',
        help: 'Oltre questo numero gli avvisi normali non raggiungono chi ne ha già ricevuti; gli urgenti sì.',
        kind: 'int',
        invalid: 'Un numero intero da 1 a 100.',
      },
      {
        key: 'fourEyes',
        label: 'Approvazione di un secondo redattore per gli avvisi che raggiungono tutti gli iscritti',
        kind: 'bool',
        invalid: 'Valore non valido.',
      },
      {
        key: 'alertTemplateName',
        label: 'Nome del modello degli avvisi',
        help: 'Il modello WhatsApp (categoria UTILITY) usato per gli avvisi: minuscole, cifre e _.',
        kind: 'text',
        invalid: 'Solo lettere minuscole, cifre e trattino basso (_).',
      },
      {
        key: 'alertTemplateLanguage',
        label: 'Lingua del modello',
        help: 'Codice della lingua, ad esempio it.',
        kind: 'text',
        invalid: 'Da 2 a 10 caratteri, ad esempio it.',
      },
      {
        key: 'messagePrices',
        label: 'Prezzi dei messaggi WhatsApp (euro)',
        help: 'Per categoria di modello e Paese del destinatario, con la data da cui valgono: usati per la stima prima dell’invio e per la spesa del mese. Dal 1° ottobre 2026 i modelli UTILITY si pagano anche dentro la finestra di 24 ore e le risposte di servizio oltre le 1.000 al mese per numero. I valori predefiniti vanno verificati sul listino di Meta.',
        kind: 'json',
        invalid:
          'Serve un oggetto JSON come quello predefinito: effectiveFrom, defaultCountry, countries con MARKETING, UTILITY, AUTHENTICATION e SERVICE per ogni Paese.',
      },
    ],
  },
  {
    id: 'sicurezza',
    title: 'Sicurezza',
    fields: [
      {
        key: 'totpRequired',
        label: 'Verifica in due passaggi obbligatoria per tutti',
        help: 'Chi non l’ha ancora attivata dovrà configurarla al prossimo accesso. Non vale per chi entra con l’accesso unico del Comune.',
        kind: 'bool',
        invalid: 'Valore non valido.',
      },
      {
        key: 'adminTotpRequired',
        label: 'Verifica in due passaggi obbligatoria per gli amministratori',
        help: 'Consigliato: un amministratore può creare utenti, cambiare le impostazioni e vedere i numeri. Chi non l’ha attivata dovrà configurarla prima di ogni altra cosa. Non vale per chi entra con l’accesso unico del Comune.',
        kind: 'bool',
        invalid: 'Valore non valido.',
      },
    ],
  },
];

/** Turns the group's form fields into typed values for the schemas; the schemas judge them. */
export function parseGroup(group: SettingGroup, fd: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of group.fields) {
    const raw = fd.get(f.key);
    const text = typeof raw === 'string' ? raw : '';
    switch (f.kind) {
      case 'bool':
        out[f.key] = raw === 'on' || raw === 'true';
        break;
      case 'int':
        out[f.key] = /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
        break;
      case 'decimal':
        out[f.key] = /^\s*\d+([.,]\d+)?\s*$/.test(text) ? Number(text.replace(',', '.')) : text;
        break;
      case 'limit':
        out[f.key] = text.trim() === '' ? 'unlimited' : /^\s*\d+\s*$/.test(text) ? Number(text) : text;
        break;
      case 'urls':
        out[f.key] = text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean);
        break;
      case 'textarea':
        out[f.key] = text.replace(/\r\n/g, '\n').trim();
        break;
      case 'json':
        try {
          out[f.key] = JSON.parse(text);
        } catch {
          out[f.key] = text; // the schema refuses it with the field's message
        }
        break;
      default:
        out[f.key] = text.trim();
    }
  }
  return out;
}

/** The value as the form shows it. */
export function displayValue(kind: FieldKind, value: unknown): string {
  if (kind === 'urls') return (value as string[]).join('\n');
  if (kind === 'limit') return value === 'unlimited' ? '' : String(value);
  if (kind === 'decimal') return String(value).replace('.', ',');
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return value === null || value === undefined ? '' : String(value);
}
