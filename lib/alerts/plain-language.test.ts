import { describe, expect, it } from 'vitest';
import type { TemplateShape } from '../templates/shape';
import { validateForTemplate } from '../templates/template-fit';
import { countLetters, countWords, gulpease, plainLanguageAdvice, splitSentences, type AdviceCode } from './plain-language';

const template: TemplateShape = {
  name: 'avviso_comune',
  language: 'it',
  body: '*{{1}}*\n\n{{2}}\n\nComune di Esempio',
  footer: 'Per cancellarti scrivi CANCELLAMI',
  buttons: [],
  bodyParams: 2,
};

const codes = (title: string, body: string, link = '') =>
  plainLanguageAdvice({ title, body, link }, template)
    .advice.map((a) => a.code)
    .sort();

const ORDINANCE =
  "Si rende noto che, ai sensi dell'ordinanza dirigenziale n. 123 del 02/12/2026 e del D.Lgs. 285/1992 e ss.mm.ii., a far data dal 07/12/2026 la ZTL " +
  'del centro storico è interdetta al transito veicolare, fatta eccezione per i veicoli autorizzati, in ottemperanza alle disposizioni vigenti in materia di viabilità.';

const LONG_900 = Array.from({ length: 12 }, (_, i) => `Il giorno ${i + 1} la raccolta dei rifiuti passa al mattino presto in tutte le vie del centro.`)
  .join(' ')
  .padEnd(900, ' Grazie.')
  .slice(0, 900);

describe('Gulpease index', () => {
  it('matches hand-computed values', () => {
    // 14 words, 63 letters (digits count), 1 sentence: 89 + (300 − 630) / 14 = 65.43
    const street = 'Via XX Settembre chiusa per lavori dalle 8 alle 18, deviazione per via Cavour';
    expect(countWords(street)).toBe(14);
    expect(countLetters(street)).toBe(63);
    expect(gulpease([street])).toEqual({ index: 65, words: 14, sentences: 1, letters: 63 });
    // 13 words, 78 letters, 2 sentences: 89 + (600 − 780) / 13 = 75.15
    const library = 'La biblioteca comunale resta chiusa lunedì per la disinfestazione. Riapre martedì alle nove.';
    expect(gulpease([library])).toEqual({ index: 75, words: 13, sentences: 2, letters: 78 });
    // The title is a sentence of its own: 2 + 14 words, 9 + 63 letters, 2 sentences: 89 + (600 − 720) / 16 = 81.5
    expect(gulpease(['Via chiusa', street])).toEqual({ index: 82, words: 16, sentences: 2, letters: 72 });
  });

  it('does not end a sentence at an abbreviation or a number', () => {
    expect(splitSentences('Chiusa dalle 8.30 fino a c.a. mezzogiorno. Ordinanza n. 45 del sindaco! Grazie')).toEqual([
      'Chiusa dalle 8.30 fino a c.a. mezzogiorno.',
      'Ordinanza n. 45 del sindaco!',
      'Grazie',
    ]);
  });

  it('is below the plain-Italian threshold for the ordinance quote (one sentence of 57 words)', () => {
    // 57 words (dates split in three), 246 letters, 1 sentence: 89 + (300 − 2460) / 57 = 51.1
    expect(gulpease([ORDINANCE])).toEqual({ index: 51, words: 57, sentences: 1, letters: 246 });
  });

  it('gives no index for an empty text', () => {
    expect(gulpease([''])).toMatchObject({ index: null, words: 0 });
  });
});

describe('plain-language advice', () => {
  const table: [string, string, string, string, AdviceCode[]][] = [
    ['a plain street closure', 'Via XX Settembre chiusa', 'Via XX Settembre chiusa per lavori dalle 8 alle 18, deviazione per via Cavour', '', []],
    [
      'an all-caps shout',
      'ATTENZIONE ACQUA NON POTABILE',
      'NON BEVETE L’ACQUA DEL RUBINETTO FINO A NUOVO AVVISO!!! USATELA SOLO PER LAVARE.',
      '',
      ['all_caps', 'all_caps_title'],
    ],
    [
      'a jargon-laden ordinance quote',
      'Ordinanza ZTL',
      ORDINANCE,
      '',
      ['abbreviation', 'abbreviation', 'abbreviation', 'abbreviation', 'hard_to_read', 'jargon', 'jargon', 'jargon', 'jargon', 'jargon', 'long_sentence'],
    ],
    ['a 900-character text (near the template’s room of about 960)', 'Raccolta rifiuti', LONG_900, '', ['long_text', 'near_room']],
    [
      'a raw long URL in the text',
      'Iscrizioni mensa',
      'Le iscrizioni alla mensa scolastica sono aperte: https://servizi.comune.example.it/portale/modulistica?id=48213&tipo=mensa&anno=2026',
      '',
      ['bare_link', 'long_link'],
    ],
    [
      'a long link in the link field',
      'Iscrizioni mensa',
      'Le iscrizioni alla mensa scolastica sono aperte fino a venerdì.',
      'https://comune.example.it/a?b=c',
      ['long_link'],
    ],
    ['emoji overload', 'Festa di Natale 🎄', 'In piazza 🎅🎁🎶✨🍪 dalle 16 con la banda musicale e i bambini delle scuole.', '', ['emoji_overload']],
    ['ZTL spelled out', 'ZTL attiva', 'Da lunedì la ZTL (zona a traffico limitato) del centro è attiva dalle 8 alle 20.', '', []],
    ['SS 16 without and with explanation', 'SS 16 chiusa', 'La SS 16 è chiusa a Marotta, strada statale Adriatica, per un incidente.', '', []],
    ['SS 16 unexplained', 'SS 16 chiusa', 'La SS 16 è chiusa a Marotta per un incidente. Usate la costiera.', '', ['abbreviation']],
  ];

  it.each(table)('%s', (_name, title, body, link, expected) => {
    expect(codes(title, body, link)).toEqual([...expected].sort());
  });

  it('explains each problem in Italian, never blocks, and marks the field', () => {
    const r = plainLanguageAdvice({ title: 'Ordinanza ZTL', body: ORDINANCE }, template);
    for (const a of r.advice) {
      expect(['suggestion', 'warning']).toContain(a.severity);
      expect(a.message.length).toBeGreaterThan(20);
    }
    expect(r.advice.find((a) => a.code === 'hard_to_read')).toMatchObject({ severity: 'suggestion' });
    const hard = plainLanguageAdvice({
      title: 'Avviso',
      body: 'Conseguentemente all’approvazione dell’ordinanza, l’amministrazione comunicherà successivamente le modalità organizzative concernenti l’erogazione temporanea.',
    });
    expect(hard.gulpease).toBeLessThan(40);
    expect(hard.advice.find((a) => a.code === 'hard_to_read')).toMatchObject({ severity: 'warning' });
    expect(r.advice.find((a) => a.code === 'hard_to_read')!.message).toContain(`Gulpease: ${r.gulpease} su 100`);
    expect(r.advice.map((a) => a.message).join(' ')).toContain('«ZTL»');
    expect(r.advice.find((a) => a.message.includes('«ZTL»'))).toMatchObject({ code: 'abbreviation', field: 'title' });
    const shout = plainLanguageAdvice({ title: 'ATTENZIONE ACQUA NON POTABILE', body: 'Bollite l’acqua.' });
    expect(shout.advice[0]).toMatchObject({ code: 'all_caps_title', severity: 'warning', field: 'title' });
  });

  it('grades length: a suggestion past 400 characters, a warning past 700', () => {
    const sentence = 'La raccolta passa al mattino. ';
    const at = (n: number) => plainLanguageAdvice({ title: 'Rifiuti', body: sentence.repeat(Math.ceil(n / sentence.length)).slice(0, n) }).advice;
    expect(at(390).map((a) => a.code)).not.toContain('long_text');
    expect(at(450).find((a) => a.code === 'long_text')?.severity).toBe('suggestion');
    expect(at(900).find((a) => a.code === 'long_text')?.severity).toBe('warning');
  });

  it('notes a text that fills the room the template leaves, and only with the template', () => {
    const room = validateForTemplate({ title: 'Rifiuti', body: 'x' }, template).textMax;
    const body = 'La raccolta passa al mattino. '
      .repeat(40)
      .slice(0, room - 5)
      .trim();
    expect(plainLanguageAdvice({ title: 'Rifiuti', body }, template).advice.map((a) => a.code)).toContain('near_room');
    expect(plainLanguageAdvice({ title: 'Rifiuti', body }).advice.map((a) => a.code)).not.toContain('near_room');
  });

  it('does not take an acronym or a Roman numeral for shouting', () => {
    expect(codes('Via XX Settembre', 'Il CUP della ASL e lo SPID: apri il sito INPS con la CIE.')).toEqual([]);
  });
});
