/**
 * Text clean-up for the WhatsApp command parser. Pure, and total: every function accepts any
 * string (lone surrogates, control characters, 100k characters) without throwing.
 */

// WhatsApp caps a text body at 4,096 characters. Anything far longer is not a citizen typing;
// the cap bounds the work while leaving a wide margin for a real message.
export const MAX_INPUT_LENGTH = 16_384;

export interface Token {
  /** The word as written: NFC, case and accents kept, inner ' and - kept. */
  text: string;
  /** Lowercase, accent-free pieces of the word split on ' and -, for matching. */
  parts: string[];
  /** Punctuation or a line break separates this token from the previous one. */
  breakBefore: boolean;
}

export interface CleanText {
  tokens: Token[];
  /** Every token's parts, in order: the word stream that keyword and phrase matching run on. */
  words: string[];
  /** The message was only question marks (and whitespace / emoji): "?" means "help". */
  onlyQuestionMarks: boolean;
}

// Phones autocorrect ' into ’, and people type ` or ´ for it; all of them mean an apostrophe.
// Done before NFKC, which would turn ´ into a space plus a combining accent.
const APOSTROPHE_LIKE = /[\u2018\u2019\u201B\u02BC\u02BB\u0060\u00B4\u2032\uFF07]/g;
// Format characters (zero-width space/joiner, RTL/LTR marks and isolates, BOM, soft hyphen,
// tag characters) are invisible; deleting them re-joins a word they were hidden inside.
const INVISIBLE = /\p{Cf}/gu;
// Emoji, their modifiers and keycaps, and symbols carry no command: they become spaces so that
// "Iscrivimi🙂Mario" still splits into words.
const EMOJI_OR_SYMBOL = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\p{S}\u{FE00}-\u{FE0F}\u{20E3}]/gu;
const LINE_BREAK = /[\r\n\u2028\u2029\u0085]/g;
const OTHER_CONTROL = /\p{Cc}/gu;
const WORD = /[\p{L}\p{M}\p{N}]+(?:['-][\p{L}\p{M}\p{N}]+)*'?/gu;
// Elided particles written with a space ("D' Annunzio", "l' iscrizione") belong to the next word.
const ELISIONS = new Set(['d', 'de', 'dell', 'dall', 'degl', 'l']);

export function cleanText(input: unknown): CleanText {
  const raw = typeof input === 'string' ? input.slice(0, MAX_INPUT_LENGTH) : '';
  const text = raw
    .replace(APOSTROPHE_LIKE, "'")
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(EMOJI_OR_SYMBOL, ' ')
    .replace(LINE_BREAK, '\n')
    .replace(OTHER_CONTROL, ' ')
    .normalize('NFC');
  const tokens = tokenise(text);
  return {
    tokens,
    words: tokens.flatMap((t) => t.parts),
    onlyQuestionMarks: /^[\s?¿]*\?[\s?¿]*$/u.test(text),
  };
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  let glueNext = false;
  for (const match of text.matchAll(WORD)) {
    const start = match.index ?? 0;
    const gap = text.slice(previousEnd, start);
    previousEnd = start + match[0].length;
    // Any visible character left between words is punctuation (emoji are spaces by now).
    const breakBefore = /[^\s]/u.test(gap);
    let word = match[0];
    const last = tokens[tokens.length - 1];
    if (glueNext && last && !breakBefore) {
      last.text += word.replace(/'$/, '');
      last.parts = matchParts(last.text);
      glueNext = false;
      continue;
    }
    if (glueNext && last) last.text = last.text.replace(/'$/, '');
    glueNext = false;
    if (word.endsWith("'")) {
      word = word.slice(0, -1);
      glueNext = ELISIONS.has(foldCase(word));
      if (glueNext) word += "'";
    }
    tokens.push({ text: word, parts: matchParts(word), breakBefore });
  }
  return tokens;
}

/** Lowercase and strip accents: "Iscrivimì" -> "iscrivimi", "PIÙ" -> "piu". */
export function foldCase(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function matchParts(word: string): string[] {
  // Chat elongation ("bastaaa", "stooop") never occurs in Italian spelling: three or more of the
  // same letter collapse to one, so exact-only short keywords still match.
  return foldCase(word)
    .replace(/(\p{L})\1{2,}/gu, '$1')
    .split(/['-]/)
    .filter((part) => part.length > 0);
}

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transposition, so "iscirvimi" is
 * one typo away from "iscrivimi"), giving up early: returns max + 1 for anything further.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, (prevPrev[j - 2] ?? 0) + 1);
      }
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return Math.min(prev[b.length] ?? max + 1, max + 1);
}

/**
 * Proper case for one name word, whatever the citizen typed: "GABRIELE" -> "Gabriele",
 * "d'annunzio" -> "D'Annunzio", "anna-maria" -> "Anna-Maria", "mcdonald" -> "McDonald".
 * Mixed case is normalised too ("DeLuca" -> "Deluca"): consistent output beats guessing intent.
 */
export function capitaliseNameWord(word: string): string {
  return word
    .toLowerCase()
    .split(/(['-])/)
    .map((piece) => {
      const chars = Array.from(piece);
      if (chars.length === 0 || piece === "'" || piece === '-') return piece;
      const head = (chars[0] ?? '').toUpperCase() + chars.slice(1).join('');
      return chars.length > 3 && piece.startsWith('mc') ? 'Mc' + (chars[2] ?? '').toUpperCase() + chars.slice(3).join('') : head;
    })
    .join('');
}
