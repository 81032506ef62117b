/**
 * Plain-language check of an alert (title, text, link) for Italian readers: readability (Gulpease
 * index), length, ALL-CAPS, unexplained abbreviations and bureaucratic jargon, bare links, emoji.
 * It only advises: nothing here blocks saving or sending (template-fit.ts decides what WhatsApp
 * refuses). Pure and synchronous: the composer runs it on every keystroke next to the preview, and
 * the API returns the same list (`advice`) for the alerts it creates and reads.
 */
import type { TemplateShape } from '../templates/shape';
import { validateForTemplate } from '../templates/template-fit';

export type AdviceSeverity = 'suggestion' | 'warning';

export const ADVICE_CODES = [
  'hard_to_read',
  'long_sentence',
  'long_text',
  'near_room',
  'all_caps_title',
  'all_caps',
  'abbreviation',
  'jargon',
  'bare_link',
  'long_link',
  'emoji_overload',
] as const;
export type AdviceCode = (typeof ADVICE_CODES)[number];

export interface Advice {
  code: AdviceCode;
  severity: AdviceSeverity;
  field: 'title' | 'body' | 'link';
  /** For the editor, in Italian, without technical words. */
  message: string;
}

export interface PlainLanguageReport {
  /** Gulpease index of title + text (0–100, higher is easier); null for fewer than MIN_WORDS words. */
  gulpease: number | null;
  words: number;
  sentences: number;
  advice: Advice[];
}

export interface PlainLanguageInput {
  title?: string | null;
  body?: string | null;
  link?: string | null;
}

/*
 * Gulpease (Lucisano & Piemontese, 1988), made for Italian: 89 + (300 × sentences − 10 × letters) / words.
 * Letters are letters and digits; a word is a run of them (apostrophes split "dell'area" in two);
 * a sentence ends with . ! ? or … followed by the end of the text or by a space and a word that
 * starts neither in lower case nor with a digit (so "c.a. fino" and "n. 45" do not end one). Thresholds (same source): below 80 hard for readers with
 * primary school, below 60 for readers with middle school (licenza media), below 40 for readers
 * with a secondary diploma. An alert is for everyone: aim at 60 or more.
 */
export const GULPEASE_EASY = 80;
export const GULPEASE_PLAIN = 60;
export const GULPEASE_HARD = 40;
/** Below this many words the index says little: no readability advice. */
export const MIN_WORDS = 8;
export const LONG_SENTENCE_WORDS = 25;
/** A phone screen shows about 350 characters; beyond 700 many people stop reading. */
export const LONG_TEXT_SUGGESTION = 400;
export const LONG_TEXT_WARNING = 700;
export const LONG_LINK = 60;
export const EMOJI_SUGGESTION = 4;
export const EMOJI_WARNING = 7;

const WORD = /[\p{L}\p{N}]+/gu;
const LETTER = /[\p{L}\p{N}]/gu;
const EMOJI = /\p{Extended_Pictographic}/gu;
const URL_IN_TEXT = /\b(?:https?:\/\/|www\.)[^\s]+/giu;

export function countWords(text: string): number {
  return text.match(WORD)?.length ?? 0;
}

export function countLetters(text: string): number {
  return text.match(LETTER)?.length ?? 0;
}

/** Sentences: see the note above; a non-empty text without a final full stop is one sentence. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  const end = /[.!?…]+(?=\s+[^\s\p{Ll}\p{N}]|\s*$)/gu;
  for (const m of text.matchAll(end)) {
    const stop = m.index + m[0].length;
    const s = text.slice(start, stop).trim();
    if (countWords(s) > 0) out.push(s);
    start = stop;
  }
  const rest = text.slice(start).trim();
  if (countWords(rest) > 0) out.push(rest);
  return out;
}

/** The Gulpease index of `sentences` (each a sentence or a line such as the title), rounded. */
export function gulpease(parts: string[]): { index: number | null; words: number; sentences: number; letters: number } {
  const sentences = parts.flatMap(splitSentences);
  const text = sentences.join(' ');
  const words = countWords(text);
  const letters = countLetters(text);
  if (words === 0) return { index: null, words, sentences: sentences.length, letters };
  const raw = 89 + (300 * sentences.length - 10 * letters) / words;
  return { index: Math.round(Math.min(100, Math.max(0, raw))), words, sentences: sentences.length, letters };
}

interface Term {
  /** Matched on whole words; case-sensitive when the term is in capitals (so "ss" in "ss. 12" is not "SS"). */
  pattern: RegExp;
  label: string;
  /** What to write instead (or next to it). */
  plain: string;
  /** Present in the text: the term is already explained. */
  explained?: RegExp;
  kind: 'abbreviation' | 'jargon';
}

const b = (s: string) => `(?<![\\p{L}\\p{N}.])${s}(?![\\p{L}\\p{N}])`;

/** Kept as data: a short list of what comuni often write and citizens often do not understand. */
export const TERMS: readonly Term[] = [
  { kind: 'abbreviation', label: 'ZTL', pattern: new RegExp(b('ZTL'), 'u'), plain: 'zona a traffico limitato', explained: /zona a traffico limitato/iu },
  { kind: 'abbreviation', label: 'SS', pattern: new RegExp(b('S\\.?S\\.?(?=\\s*\\d)'), 'u'), plain: 'strada statale', explained: /strada statale/iu },
  { kind: 'abbreviation', label: 'SP', pattern: new RegExp(b('S\\.?P\\.?(?=\\s*\\d)'), 'u'), plain: 'strada provinciale', explained: /strada provinciale/iu },
  { kind: 'abbreviation', label: 'c.a.', pattern: new RegExp(b('c\\.a\\.'), 'iu'), plain: '«circa» oppure l’anno (es. «2026»)' },
  { kind: 'abbreviation', label: 'p.es.', pattern: new RegExp(b('p\\.\\s?es\\.'), 'iu'), plain: 'per esempio' },
  {
    kind: 'abbreviation',
    label: 'ss.mm.ii.',
    pattern: new RegExp(b('s{1,2}\\.\\s?m{1,2}\\.\\s?i{1,2}\\.?'), 'iu'),
    plain: 'niente: basta il link all’atto («e successive modifiche» non serve a chi legge)',
  },
  {
    kind: 'abbreviation',
    label: 'D.Lgs.',
    pattern: new RegExp(b('D\\.\\s?Lgs\\.?'), 'iu'),
    plain: 'decreto legislativo (o meglio: cosa prevede)',
    explained: /decreto legislativo/iu,
  },
  {
    kind: 'abbreviation',
    label: 'ordinanza n.',
    pattern: /ordinanza\s+(?:sindacale\s+|dirigenziale\s+)?n\.\s?\d*/iu,
    plain: 'cosa decide l’ordinanza; il numero può stare nella pagina del Comune collegata',
  },
  { kind: 'jargon', label: 'si rende noto', pattern: /si rende noto/iu, plain: 'vai subito al punto (es. «Da lunedì…»)' },
  { kind: 'jargon', label: 'a far data dal', pattern: /a far (?:data|tempo) da/iu, plain: '«da» (es. «da lunedì 7»)' },
  { kind: 'jargon', label: 'interdetto al transito', pattern: /interdett[aoie] al(?:la)? (?:transito|circolazione)/iu, plain: '«chiuso al traffico»' },
  { kind: 'jargon', label: 'in ottemperanza', pattern: /in ottemperanza/iu, plain: '«come prevede» oppure toglilo' },
  { kind: 'jargon', label: 'suddetto', pattern: new RegExp(b('suddett[aoie]'), 'iu'), plain: 'ripeti il nome («la strada», «il parcheggio»)' },
  { kind: 'jargon', label: 'viabilità', pattern: new RegExp(b('viabilità'), 'iu'), plain: '«traffico» o «strade»' },
];

/** A capitalised word that is a shout, not an acronym: five or more letters, all upper case. */
const SHOUT_WORD = /^\p{Lu}{5,}$/u;
const ROMAN = /^[IVXLCDM]+$/u;

function isCapsShout(text: string): boolean {
  const words = (text.match(/\p{L}+/gu) ?? []).filter((w) => !ROMAN.test(w));
  const lettersIn = words.join('');
  if (words.length < 2 || lettersIn.length < 8) return false;
  return lettersIn === lettersIn.toUpperCase() && lettersIn !== lettersIn.toLowerCase();
}

function shoutedWords(text: string): string[] {
  return (text.match(/\p{L}+/gu) ?? []).filter((w) => SHOUT_WORD.test(w) && !ROMAN.test(w));
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The advice for an alert. With the template, the length is also measured against the room the
 * template leaves for the text (validateForTemplate's textMax).
 */
export function plainLanguageAdvice(input: PlainLanguageInput, template?: TemplateShape): PlainLanguageReport {
  const title = (input.title ?? '').trim();
  const body = (input.body ?? '').trim();
  const link = (input.link ?? '').trim();
  const advice: Advice[] = [];
  // Addresses are not words a reader reads: they would only lower the index.
  const score = gulpease([title, body.replace(URL_IN_TEXT, ' ')].filter((p) => p !== ''));

  // Readability.
  if (score.index !== null && score.words >= MIN_WORDS && score.index < GULPEASE_PLAIN) {
    advice.push({
      code: 'hard_to_read',
      severity: score.index < GULPEASE_HARD ? 'warning' : 'suggestion',
      field: 'body',
      message:
        `Indice di leggibilità Gulpease: ${score.index} su 100. ` +
        (score.index < GULPEASE_HARD ? 'Il testo è difficile anche per chi ha un diploma. ' : 'Il testo è difficile per chi ha la licenza media. ') +
        `Per un avviso rivolto a tutti punta ad almeno ${GULPEASE_PLAIN}: frasi brevi, parole comuni, una informazione per frase.`,
    });
  }
  const longest = splitSentences(body).reduce((m, s) => Math.max(m, countWords(s)), 0);
  if (longest > LONG_SENTENCE_WORDS) {
    advice.push({
      code: 'long_sentence',
      severity: 'suggestion',
      field: 'body',
      message: `Una frase ha ${longest} parole: dividila in frasi più brevi (al massimo ${LONG_SENTENCE_WORDS} parole ciascuna). Su WhatsApp si legge in fretta.`,
    });
  }

  // Length.
  if (body.length > LONG_TEXT_SUGGESTION) {
    const warning = body.length > LONG_TEXT_WARNING;
    advice.push({
      code: 'long_text',
      severity: warning ? 'warning' : 'suggestion',
      field: 'body',
      message: `Il testo ha ${body.length} caratteri: lo schermo di un telefono ne mostra circa 350. ${warning ? 'Molti smetteranno di leggere prima della fine. ' : ''}Metti all’inizio cosa succede, dove e quando; i dettagli possono stare nella pagina collegata.`,
    });
  }
  if (template && body !== '') {
    const fit = validateForTemplate({ title, body, link }, template);
    const room = fit.textMax;
    if (room > 0 && body.length <= room && body.length >= room * 0.9) {
      advice.push({
        code: 'near_room',
        severity: 'suggestion',
        field: 'body',
        message: `Il testo usa ${body.length} dei ${room} caratteri disponibili con questo modello: non c’è spazio per correzioni. Prova ad accorciarlo.`,
      });
    }
  }

  // Capitals.
  if (isCapsShout(title)) {
    advice.push({
      code: 'all_caps_title',
      severity: 'warning',
      field: 'title',
      message:
        'Il titolo è tutto in maiuscolo: sembra un grido e si legge peggio. Il titolo è già in grassetto; scrivilo in minuscolo con le maiuscole solo dove servono.',
    });
  }
  const capsSentences = splitSentences(body).filter(isCapsShout).length;
  const shouted = shoutedWords(body);
  if (capsSentences > 0 || shouted.length >= 3) {
    advice.push({
      code: 'all_caps',
      severity: 'warning',
      field: 'body',
      message:
        capsSentences > 0
          ? `${capsSentences === 1 ? 'Una frase è scritta' : `${capsSentences} frasi sono scritte`} tutte in maiuscolo: si legge peggio e sembra un grido. Per evidenziare usa il *grassetto*.`
          : `${plural(shouted.length, 'parola è scritta', 'parole sono scritte')} in maiuscolo (${shouted.slice(0, 3).join(', ')}): per evidenziare usa il *grassetto*.`,
    });
  }

  // Abbreviations and jargon.
  const whole = `${title}\n${body}`;
  for (const term of TERMS) {
    const m = term.pattern.exec(whole);
    if (!m) continue;
    if (term.explained?.test(whole)) continue;
    const after = whole.slice(m.index + m[0].length);
    if (term.kind === 'abbreviation' && /^\s*\(/.test(after)) continue;
    advice.push({
      code: term.kind,
      severity: 'suggestion',
      field: m.index < title.length ? 'title' : 'body',
      message:
        term.kind === 'abbreviation'
          ? `«${m[0].trim()}»: non tutti conoscono questa abbreviazione. Scrivi ${term.plain.startsWith('«') || term.plain.startsWith('cosa') || term.plain.startsWith('niente') ? term.plain : `per esteso: «${term.plain}»`}.`
          : `«${m[0].trim()}» è linguaggio burocratico. Al suo posto: ${term.plain}.`,
    });
  }

  // Links.
  const urls = [...body.matchAll(URL_IN_TEXT)].map((u) => u[0]);
  if (urls.length > 0) {
    advice.push({
      code: 'bare_link',
      severity: 'suggestion',
      field: 'body',
      message: `Il testo contiene ${urls.length === 1 ? 'un indirizzo web' : `${urls.length} indirizzi web`}: mettilo nel campo «Link» (compare in fondo con «Maggiori informazioni») e preferisci la pagina del Comune a un indirizzo lungo.`,
    });
  }
  const longLink = [link, ...urls].find((u) => u.length > LONG_LINK || /[?#]/.test(u));
  if (longLink) {
    advice.push({
      code: 'long_link',
      severity: 'suggestion',
      field: urls.includes(longLink) ? 'body' : 'link',
      message: `Il link è lungo (${longLink.length} caratteri) e fa sembrare il messaggio poco affidabile. Collega una pagina del sito del Comune con un indirizzo breve che la spieghi.`,
    });
  }

  // Emoji.
  const emoji = (whole.match(EMOJI) ?? []).length;
  if (emoji >= EMOJI_SUGGESTION) {
    advice.push({
      code: 'emoji_overload',
      severity: emoji >= EMOJI_WARNING ? 'warning' : 'suggestion',
      field: 'body',
      message: `Ci sono ${emoji} emoji: troppe distraggono e i lettori di schermo per chi non vede le leggono una per una. Usane al massimo ${EMOJI_SUGGESTION - 1}.`,
    });
  }

  return { gulpease: score.index, words: score.words, sentences: score.sentences, advice };
}
