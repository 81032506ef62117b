import { FIRST_NAMES } from './first-names';
import { capitaliseNameWord, cleanText, editDistance, foldCase, type CleanText, type Token } from './text-normalise';

/**
 * Parser for the free text citizens send to the comune's WhatsApp number. Pure and total: any
 * input, however hostile, gives a Command and never an exception.
 *
 * Precedence, strongest first: unsubscribe > subscribe (verbs) > help > topics > subscribe (the
 * nouns "iscrizione"/"registrazione", or a bare web-form code) > unknown. Unsubscribe wins every
 * tie because an opt-out must always be honoured, and a stray one costs only a re-subscription.
 */

export interface PersonName {
  firstName: string;
  lastName: string;
  /** The split into first and last name is uncertain (unknown first name, maybe surname first): confirm it to the citizen. */
  guessed: boolean;
}

export type Command =
  | { kind: 'subscribe'; name: PersonName | null; code: string | null }
  | { kind: 'rename'; name: PersonName }
  | { kind: 'unsubscribe' }
  | { kind: 'help' }
  | { kind: 'topics' }
  | { kind: 'zones' }
  | { kind: 'preferences' }
  | { kind: 'unknown' };

/** Web-form confirmation codes are exactly 6 digits, e.g. "Iscrivimi Mario Rossi 482913". */
export const CONFIRMATION_CODE_PATTERN = /^\d{6}$/;

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

// Keyword tiers. STRONG words count anywhere in the message. WEAK words are everyday words too
// ("lo stop è rotto", "la fontana è attiva"), so they count only as the first word after any
// greeting or politeness, or in a message of at most two such words ("basta messaggi").
// Articles count here on purpose: "lo stop" is the road sign, "stop" is the command.
// FUZZY words are long and distinctive enough to accept one typo (insertion, deletion,
// substitution or swap); short words never do, or "info" would match "into" and "stop" "step".
const UNSUB_STRONG = set(`cancellami cancellatemi cancellarmi cancellarsi disiscrivimi disiscrivermi
  disiscrivetemi disiscriviti disiscrivere disiscrivo disiscrizione rimuovimi rimuovetemi rimuovermi
  toglimi toglietemi togliermi eliminami eliminatemi eliminarmi disattivami disattivatemi disdici
  disdetta unsubscribe unsub optout`);
const UNSUB_FUZZY = ['cancellami', 'cancellatemi', 'cancellarmi', 'disiscrivimi', 'disiscrivermi', 'rimuovimi', 'unsubscribe'];
const UNSUB_WEAK = set('stop basta esci annulla cancella leave cancel quit disattiva disattivare elimina');
// "cancella il mio numero", "annullare l'iscrizione", "remove me": an erasing verb plus
// something of ours to erase. Infinitives of interrompere/sospendere are left out: the comune
// itself "sospende il servizio" in the news citizens forward.
const UNSUB_VERBS = set(`cancella cancellare cancellate cancellazione annulla annullare annullate
  annullamento elimina eliminare eliminate eliminazione togli togliere togliete rimuovi rimuovere
  rimuovete rimozione disattiva disattivare disattivate disattivazione revoca revocare revocate
  interrompi interrompete sospendi sospendete remove delete cancel stop basta`);
const UNSUB_OBJECTS = set(`iscrizione iscrizioni numero abbonamento registrazione servizio notifiche
  messaggi avvisi contatto consenso dati me subscription messages alerts notifications`);
const UNSUB_PHRASES = [
  /\bnon (?:mi )?(?:voglio|vorrei|desidero|intendo) (?:piu )?(?:mi )?(?:ricevere|essere|restare|rimanere|iscriv\w*)\b/,
  /\bnon (?:voglio|vorrei|desidero) piu\b/,
  /\bnon (?:mi )?iscriv\w*/,
  /\bnon (?:mandatemi|inviatemi|scrivetemi|contattatemi|mandarmi|inviarmi|scrivermi|contattarmi)\b/,
  /\bnon mi interessan?o? piu\b|\bnon sono piu interessat/,
  /\bmi (?:cancello|disiscrivo|tolgo|rimuovo)\b/,
  /\b(?:niente|basta|stop) (?:piu )?(?:messaggi|notifiche|avvisi)\b/,
  /\bopt out\b|\bno more (?:messages|alerts|notifications)\b|\bdon t (?:send|message|text)\b/,
];

const SUB_STRONG = set(`iscrivimi iscrivermi iscrivetemi iscriviti iscrivere iscrivo iscrivi iscriva
  registrami registratemi registrarmi attivami subscribe signup`);
const SUB_FUZZY = ['iscrivimi', 'iscrivermi', 'subscribe'];
const SUB_WEAK = set('attiva attivare join start register');
const SUB_PHRASES = [/\bsign (?:me )?up\b/, /\bessere iscritt[oaie]\b/];
const SUB_NOUNS = set('iscrizione registrazione attivazione');
const SUB_NOUN_FUZZY = ['iscrizione'];

const HELP_STRONG = set('aiuto aiutami aiutatemi help comandi comando istruzioni');
const HELP_PHRASES = [
  /\bcome (?:funziona|funzionate|si usa|si fa|faccio)\b/,
  /\bcosa (?:posso|devo) (?:fare|scrivere)\b/,
  /\bhow (?:does (?:it|this) work|do i)\b/,
];
// "info" alone is a request for help; "informazioni sul mercato" is a question for the comune.
const HELP_ALONE = set('info informazioni informazione menu');
const HELP_ALONE_COMPANIONS = set('servizio iscrizione iscrizioni banditore whatsapp comandi');

const TOPIC_STRONG = set('argomenti argomento categorie categoria tematiche');
const TOPIC_FUZZY = ['argomenti'];
const TOPIC_WEAK = set('temi tema topics topic');
// "Zone", "Quartieri", "Frazioni": only as the first word or in a short message, and never command
// words inside a name ("Iscrivimi Mario Zona" keeps its surname).
const ZONE_WORDS = set('zone zona quartieri quartiere frazioni frazione');
// "Preferenze": a personal link to the preferences page (lib/subscriptions/preference-link.ts).
const PREFERENCE_WORDS = set('preferenze preferenza preferences impostazioni');
const PREFERENCE_FUZZY = ['preferenze'];

// Real words one typo away from a fuzzy keyword: "scrivimi quando riapre" is not "iscrivimi",
// "i voli sono cancellati" is not "cancellami".
const NOT_TYPOS = set('scrivimi scrivermi cancellati cancellai cancellala cancellalo');

// Greetings, politeness and self-introduction: never content, never part of a name.
const FILLERS = set(`ciao salve buongiorno buonasera buonanotte buondi buon giorno sera hey ehi hi
  hello grazie mille tante infinite per favore piacere prego cortesemente gentilmente gentile please
  pls plz thanks thank thx you ok okay va bene si yes allora ecco dunque io mi sono chiamo chiama il
  mio nome cognome nominativo e vorrei voglio desidero vorremmo potete potreste puoi posso potrei i
  im am my name surname is want would like to sign up mr mrs ms sig sigra signor signore signora
  dott dottor dottore dottssa dottoressa avv prof ing geom rag`);
// The word right before a name when someone introduces themselves.
const NAME_MARKERS = set('sono chiamo nome cognome nominativo am im name is');
// Written between or around name parts without ending the name ("nome Mario cognome Rossi").
const NAME_LABELS = set('nome cognome name surname');
// Articles, prepositions, pronouns and adverbs: not content, and they end a name, except the
// ones that are also surname particles.
const FUNCTION_WORDS = set(`il lo la i gli le l un uno una di a ad da in con su tra fra e ed o od ma
  che al allo alla ai agli alle all del dello della dei degli delle dell dal dallo dalla dai dagli
  dalle dall nel nello nella nei negli nelle nell sul sullo sulla sui sugli sulle sull col coi anche
  mia mio mie miei tuo tua suo sua nostro nostra ci vi ti ne non piu pure gia ancora subito ora
  adesso oggi domani qui qua li questo questa questi queste quello quella tutto tutti tutte solo
  molto poco poi quando come dove perche chi cosa se sempre mai meno niente nulla ho hai ha abbiamo
  avete hanno essere stato stata fare sapere avere c the an of for and or on at this that it be with from`);
const PARTICLES = set(`de di da del della dello dei degli delle dal dalla dallo dai dagli dalle la lo li le van von der
  den du des mc el al ben bin ibn abu ould ait`);
// Short surnames that are also Italian words ("Mario Ho", "Anna Li"): a name word only as the
// second word of a name and at its end.
const SHORT_SURNAMES = set('ho re bo li lo la le wu xu yu ng ka ha hu ma mo na ne ni se si su to va vi');
// One run of Han characters is a Chinese name written surname first: 张伟 -> Wei (伟) Zhang (张).
const HAN_NAME = /^\p{Script=Han}{2,4}$/u;
const ELIDED_PARTICLE = /^(?:d|de|dell|dall|degl)'/iu;
const CODE_LABELS = set('codice conferma verifica code confirmation');
// Words about the service itself, addresses and contact details: content, but never a name.
const SERVICE_WORDS = set(`servizio servizi lista elenco avvisi avviso notifiche notifica messaggi
  messaggio comune whatsapp banditore allerta allerte newsletter gruppo canale numero cellulare
  telefono codice meteo protezione civile notizie news aggiornamenti alert alerts service list
  updates cittadino cittadini residente residenti sms email mail modulo sito web conferma richiesta
  iscritto iscritta iscritti iscritte
  via piazza viale corso vicolo largo strada cambia cambiare correggi correggere`);
// Italian compound first names when no particle shows where the surname starts:
// "Anna Maria Rossi", "Gian Luca Neri", "Giovanni Battista Vico".
const COMPOUND_FIRST = set('gian pier');
const COMPOUND_SECOND = set(`maria grazia rosa teresa luisa paola pia angela antonietta carla
  cristina giovanna francesca assunta carmela rita battista luigi paolo carlo giuseppe francesco
  antonio angelo giorgio michele alberto`);

// "Nome Mario Rossi", "Il mio nome è Mario Rossi", "Cambia nome Mario Rossi": a correction of the name.
const RENAME_PHRASE =
  /^(?:(?:ciao|salve|buongiorno|buonasera) )*(?:(?:cambia|correggi|cambiare|correggere) (?:il )?(?:mio )?nome|(?:il )?mio nome (?:e )?(?:giusto )?(?:e )?|nome)\b/;
// Towns of the area and big cities: never a name, not even after "di" ("Mario Rossi di Conegliano").
// Single words only where no first name or surname is spelt the same ("Lucia", "Vittorio", "Umberto",
// "Italia" are names); the towns whose words are names count only as the whole phrase.
const PLACES = set(`conegliano treviso venezia padova vicenza verona belluno rovigo susegana soligo mareno
  vendemiano codogne godega ormelle oderzo montebelluna castelfranco mogliano milano torino napoli`);
const PLACE_PHRASES: readonly (readonly string[])[] = [
  'santa lucia di piave',
  'mareno di piave',
  'pieve di soligo',
  'vittorio veneto',
  'santa lucia',
  'san vendemiano',
  'san fior',
  'san pietro di feletto',
  'colle umberto',
].map((p) => p.split(' '));

/** The indexes of the tokens that belong to a place written as several words ("Vittorio Veneto"). */
function placePhraseTokens(tokens: readonly Token[]): Set<number> {
  const out = new Set<number>();
  const word = (i: number) => (tokens[i]?.parts.length === 1 ? tokens[i]?.parts[0] : undefined);
  for (let i = 0; i < tokens.length; i++) {
    const phrase = PLACE_PHRASES.find((p) => p.every((w, k) => word(i + k) === w));
    if (phrase) phrase.forEach((_, k) => out.add(i + k));
  }
  return out;
}

const NAME_WORD = /^[\p{L}\p{M}]+(?:['-][\p{L}\p{M}]+)*$/u;
const MAX_NAME_WORDS = 6;
const MAX_NAME_LENGTH = 60;
const UNKNOWN: Command = { kind: 'unknown' };

export function parseCommand(text: string): Command {
  try {
    return classify(cleanText(text));
  } catch {
    // The webhook worker must never crash on a message; an unparsed one gets the "unknown" reply.
    return UNKNOWN;
  }
}

/** For a follow-up message that should contain only a name (after "Iscrivimi" without one). null if not a plausible name. */
export function parsePersonName(text: string): PersonName | null {
  // As in extractName: a town counts as a surname only when there is no name without it.
  return personNameOf(text, false) ?? personNameOf(text, true);
}

function personNameOf(text: string, placesAreNames: boolean): PersonName | null {
  try {
    const { tokens } = cleanText(text);
    const words: string[] = [];
    let swapAllowed = true;
    for (const [index, t] of tokens.entries()) {
      // Weak words stay allowed here: "Basta" and "Stop" are surnames, and the caller has already
      // run parseCommand on this message.
      const filler = t.parts.length === 1 && FILLERS.has(t.parts[0] ?? '');
      if (words.length > 0 && continuesName(words, tokens, index, placesAreNames)) words.push(t.text);
      else if (filler) continue;
      else if (isNameToken(t, isStrongKeyword, placesAreNames)) words.push(t.text);
      else return null;
      if (words.length > 1 && t.breakBefore) swapAllowed = false;
    }
    return toPersonName(words, swapAllowed);
  } catch {
    return null;
  }
}

function classify({ tokens, words, onlyQuestionMarks }: CleanText): Command {
  const said = words.filter((w) => !FILLERS.has(w) && !/^\d+$/.test(w));
  const content = said.filter((w) => !FUNCTION_WORDS.has(w));
  const joined = words.join(' ');
  const weakHit = (weak: ReadonlySet<string>) => said.length > 0 && (weak.has(said[0] ?? '') || (said.length <= 2 && said.some((w) => weak.has(w))));
  const has = (strong: ReadonlySet<string>, fuzzy: readonly string[] = []) => words.some((w) => strong.has(w) || isTypoOf(w, fuzzy));
  const subscribe = (): Command => ({ kind: 'subscribe', name: extractName(tokens), code: extractCode(tokens) });

  if (
    has(UNSUB_STRONG, UNSUB_FUZZY) ||
    weakHit(UNSUB_WEAK) ||
    (words.some((w) => UNSUB_VERBS.has(w)) && words.some((w) => UNSUB_OBJECTS.has(w))) ||
    (content.some((w) => UNSUB_VERBS.has(w)) && content.every((w) => UNSUB_VERBS.has(w) || UNSUB_OBJECTS.has(w))) ||
    UNSUB_PHRASES.some((re) => re.test(joined))
  ) {
    return { kind: 'unsubscribe' };
  }
  if (has(SUB_STRONG, SUB_FUZZY) || weakHit(SUB_WEAK) || SUB_PHRASES.some((re) => re.test(joined))) {
    return subscribe();
  }
  if (
    onlyQuestionMarks ||
    has(HELP_STRONG) ||
    HELP_PHRASES.some((re) => re.test(joined)) ||
    (content.some((w) => HELP_ALONE.has(w)) && content.every((w) => HELP_ALONE.has(w) || HELP_ALONE_COMPANIONS.has(w)))
  ) {
    return { kind: 'help' };
  }
  if (has(PREFERENCE_WORDS, PREFERENCE_FUZZY)) return { kind: 'preferences' };
  if (weakHit(ZONE_WORDS)) return { kind: 'zones' };
  if (has(TOPIC_STRONG, TOPIC_FUZZY) || weakHit(TOPIC_WEAK)) return { kind: 'topics' };
  if (has(SUB_NOUNS, SUB_NOUN_FUZZY)) return subscribe();
  // A bare web-form code (optionally with the name) can only come from someone who just filled
  // in the form and gave consent there; the code itself is checked downstream.
  const code = extractCode(tokens);
  if (code !== null) {
    const name = extractName(tokens);
    const nameWords = new Set(tokens.filter((t) => isNameToken(t)).flatMap((t) => t.parts));
    if (content.every((w) => CODE_LABELS.has(w) || (name !== null && (nameWords.has(w) || NAME_LABELS.has(w))))) {
      return { kind: 'subscribe', name, code };
    }
  }
  if (RENAME_PHRASE.test(joined)) {
    const name = extractName(tokens);
    if (name) return { kind: 'rename', name };
  }
  return UNKNOWN;
}

function isTypoOf(word: string, keywords: readonly string[]): boolean {
  return word.length >= 7 && !NOT_TYPOS.has(word) && keywords.some((k) => editDistance(word, k, 1) <= 1);
}

function isStrongKeyword(word: string): boolean {
  return (
    [UNSUB_STRONG, SUB_STRONG, SUB_NOUNS, HELP_STRONG, TOPIC_STRONG].some((s) => s.has(word)) ||
    isTypoOf(word, [...UNSUB_FUZZY, ...SUB_FUZZY, ...SUB_NOUN_FUZZY, ...TOPIC_FUZZY])
  );
}

function isCommandWord(word: string): boolean {
  return isStrongKeyword(word) || [UNSUB_WEAK, UNSUB_VERBS, SUB_WEAK, HELP_ALONE, TOPIC_WEAK].some((s) => s.has(word));
}

function extractCode(tokens: readonly Token[]): string | null {
  const codes = new Set(tokens.map((t) => t.text).filter((t) => CONFIRMATION_CODE_PATTERN.test(t)));
  // Two different codes in one message: guessing could confirm the wrong request.
  return codes.size === 1 ? ([...codes][0] ?? null) : null;
}

/** A token that may be part of a name: letters only, not a filler, service, command or function word. */
function isNameToken(token: Token, isKeyword: (word: string) => boolean = isCommandWord, placesAreNames = false): boolean {
  if (!NAME_WORD.test(token.text)) return false;
  if (token.parts.some((p) => SERVICE_WORDS.has(p) || (!placesAreNames && PLACES.has(p)) || isKeyword(p))) return false;
  const only = token.parts.length === 1 ? (token.parts[0] ?? '') : null;
  return only === null || (!FILLERS.has(only) && (!FUNCTION_WORDS.has(only) || PARTICLES.has(only)));
}

/**
 * The name in a subscribe message: runs of name tokens, cut at punctuation and at any other word.
 * A run introduced by "sono", "mi chiamo", "il mio nome è" wins; otherwise the first plausible one.
 */
function extractName(tokens: readonly Token[]): PersonName | null {
  // A town is not a name ("Mario Rossi di Conegliano"), unless without it there is no name at all:
  // surnames are often town names ("Gualtiero Montebelluna", "Anna Treviso").
  return extractNameRuns(tokens, false) ?? extractNameRuns(tokens, true);
}

function extractNameRuns(tokens: readonly Token[], placesAreNames: boolean): PersonName | null {
  const runs: { words: string[]; introduced: boolean }[] = [];
  let current: { words: string[]; introduced: boolean } | null = null;
  const places = placesAreNames ? new Set<number>() : placePhraseTokens(tokens);
  tokens.forEach((token, index) => {
    if (places.has(index)) {
      current = null;
      return;
    }
    const neutral = /^\d+$/.test(token.text) || (token.parts.length === 1 && NAME_LABELS.has(token.parts[0] ?? ''));
    if (neutral && current && !token.breakBefore) return;
    const ok =
      isNameToken(token, isCommandWord, placesAreNames) ||
      (!token.breakBefore && current !== null && continuesName(current.words, tokens, index, placesAreNames));
    if (current && (token.breakBefore || !ok)) current = null;
    if (!ok) return;
    if (!current) {
      current = { words: [], introduced: followsMarker(tokens, index) };
      runs.push(current);
    }
    current.words.push(token.text);
  });
  const named = runs.map((run) => ({ ...run, name: toPersonName(run.words) })).filter((run) => run.name);
  return (named.find((run) => run.introduced) ?? named[0])?.name ?? null;
}

/**
 * A word that is not a name word on its own but is one here: any word after a surname particle
 * ("Dal Col", "Dalla Libera"), or a short surname that is also an Italian word right after a
 * first name and at the end of the name ("Mario Ho", "Anna Li").
 */
function continuesName(words: readonly string[], tokens: readonly Token[], index: number, placesAreNames = false): boolean {
  const token = tokens[index];
  if (!token || !NAME_WORD.test(token.text)) return false;
  const only = token.parts.length === 1 ? (token.parts[0] ?? '') : '';
  if (token.parts.some((p) => SERVICE_WORDS.has(p) || (!placesAreNames && PLACES.has(p)) || isCommandWord(p))) return false;
  const previous = words[words.length - 1] ?? '';
  if (isBareParticle(previous) && words.length <= 3) return !NAME_LABELS.has(only) && !['e', 'ed', 'o'].includes(only);
  const next = tokens[index + 1];
  const endsHere = !next || next.breakBefore || !isNameToken(next, isCommandWord, placesAreNames);
  return words.length === 1 && SHORT_SURNAMES.has(only) && endsHere;
}

function followsMarker(tokens: readonly Token[], index: number): boolean {
  for (let j = index - 1; j >= 0 && j >= index - 4; j--) {
    const word = tokens[j]?.parts.join("'") ?? '';
    if (NAME_MARKERS.has(word)) return true;
    if (!FILLERS.has(word)) return false;
  }
  return false;
}

const isParticle = (word: string) => PARTICLES.has(word.toLowerCase()) || ELIDED_PARTICLE.test(word);
const isBareParticle = (word: string) => PARTICLES.has(word.toLowerCase());

/**
 * Splits and capitalises a name. The surname starts at the first particle ("Maria Grazia De
 * Luca"); without one, the first word is the first name unless the first two are a compound
 * first name ("Anna Maria Rossi"). A leading particle means the citizen wrote the surname first
 * ("De Luca Mario"): we swap rather than refuse, or a re-prompt would loop forever. Two words
 * where only the second is a known first name ("Rossi Mario") are swapped too. Any split not
 * backed by a known first name or a particle is marked guessed, and the citizen is told how to fix it.
 */
function toPersonName(given: readonly string[], swapAllowed = true): PersonName | null {
  let words = given;
  const only = words.length === 1 ? (words[0] ?? '') : '';
  if (HAN_NAME.test(only)) {
    const chars = Array.from(only);
    return { firstName: chars.slice(1).join(''), lastName: chars[0] ?? '', guessed: false };
  }
  // "Mario Rossi al numero…": a particle with nothing after it is not part of the name.
  while (words.length > 2 && isBareParticle(words[words.length - 1] ?? '') && !SHORT_SURNAMES.has(foldCase(words[words.length - 1] ?? ''))) {
    words = words.slice(0, -1);
  }
  if (words.length < 2 || words.length > MAX_NAME_WORDS) return null;
  if (words.join(' ').length > MAX_NAME_LENGTH) return null;
  const letters = (w: string) => w.replace(/['-]/g, '').length;
  if (words.some((w) => !NAME_WORD.test(w) || (letters(w) < 2 && !isBareParticle(w)))) return null;
  if (words.every(isBareParticle)) return null;
  const keys = words.map((w) => foldCase(w));
  const known = (i: number) => FIRST_NAMES.has(keys[i] ?? '') || COMPOUND_FIRST.has(keys[i] ?? '');
  let first: readonly string[];
  let last: readonly string[];
  let guessed = false;
  if (isParticle(words[0] ?? '') && !(words.length === 2 && known(0))) {
    const end = words.findIndex((w) => !isBareParticle(w)) + 1;
    [first, last] = [words.slice(end), words.slice(0, end)];
    guessed = !known(end);
  } else {
    const start = words.findIndex((w, i) => i > 0 && isParticle(w) && words.slice(i).some((x) => !isBareParticle(x)));
    const compound = words.length >= 3 && (COMPOUND_FIRST.has(keys[0] ?? '') || COMPOUND_SECOND.has(keys[1] ?? '') || (known(0) && known(1)));
    const split = start > 0 ? start : compound ? 2 : 1;
    [first, last] = [words.slice(0, split), words.slice(split)];
    if (words.length === 2 && !known(0) && known(1) && swapAllowed) {
      [first, last] = [last, first];
      guessed = true;
    } else guessed = !known(0) || (words.length === 2 && known(1) && !swapAllowed);
  }
  // A lone bare particle at the end is a short surname ("Anna Li", "Wu Lo").
  const particleSurname = last.length === 1 && SHORT_SURNAMES.has(keys[keys.length - 1] ?? '');
  if (first.length === 0 || (last.every(isBareParticle) && !particleSurname) || (isBareParticle(first[first.length - 1] ?? '') && !known(0))) return null;
  const format = (ws: readonly string[]) => ws.map(capitaliseNameWord).join(' ');
  return { firstName: format(first), lastName: format(last), guessed };
}
