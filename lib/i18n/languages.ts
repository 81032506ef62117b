/**
 * The languages Banditore speaks with citizens (issue 13). Italian is the comune's language and
 * the fallback for everything; the others are data: a language is "ready" when its texts exist
 * (chat replies, public pages, preferences page) and "enabled" when the comune turns it on.
 * Right-to-left languages (Arabic) set `dir="rtl"` on the pages that show them.
 */
export const LANGUAGES = [
  { code: 'it', name: 'Italiano', englishName: 'Italian', dir: 'ltr' },
  { code: 'en', name: 'English', englishName: 'English', dir: 'ltr' },
  { code: 'de', name: 'Deutsch', englishName: 'German', dir: 'ltr' },
  { code: 'ro', name: 'Română', englishName: 'Romanian', dir: 'ltr' },
  { code: 'sq', name: 'Shqip', englishName: 'Albanian', dir: 'ltr' },
  { code: 'uk', name: 'Українська', englishName: 'Ukrainian', dir: 'ltr' },
  { code: 'ar', name: 'العربية', englishName: 'Arabic', dir: 'rtl' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];
export const DEFAULT_LANGUAGE: Language = 'it';
export const LANGUAGE_CODES = LANGUAGES.map((l) => l.code) as readonly Language[];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGE_CODES as readonly string[]).includes(value);
}

/** A stored or requested code as one of ours; anything else is Italian. */
export function asLanguage(value: unknown): Language {
  return isLanguage(value) ? value : DEFAULT_LANGUAGE;
}

export function languageInfo(code: Language): (typeof LANGUAGES)[number] {
  return LANGUAGES.find((l) => l.code === code)!;
}

export function textDirection(code: Language): 'ltr' | 'rtl' {
  return languageInfo(code).dir;
}
