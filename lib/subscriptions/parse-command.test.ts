import { describe, expect, it } from 'vitest';
import { CONFIRMATION_CODE_PATTERN, parseCommand, parsePersonName, type Command, type PersonName } from './parse-command';
import { capitaliseNameWord, editDistance } from './text-normalise';

const sub = (firstName?: string, lastName?: string, code: string | null = null): Command => ({
  kind: 'subscribe',
  name: firstName && lastName ? (expect.objectContaining({ firstName, lastName }) as PersonName) : null,
  code,
});
const subCode = (code: string): Command => ({ kind: 'subscribe', name: null, code });
const UNSUB: Command = { kind: 'unsubscribe' };
const HELP: Command = { kind: 'help' };
const TOPICS: Command = { kind: 'topics' };
const UNKNOWN: Command = { kind: 'unknown' };

// Real-world messages, as citizens type them.
const cases: [string, Command][] = [
  // Subscribe: keywords, typos, accents, punctuation.
  ['Iscrivimi', sub()],
  ['ISCRIVIMI!!', sub()],
  ['Iscrivimì', sub()],
  ['iscrivmi', sub()],
  ['iscirvimi', sub()],
  ['isscrivimi', sub()],
  ['iscrivimiii', sub()],
  ['Iscri\u200Bvimi', sub()],
  ['iscrivimi per favore', sub()],
  ['Mi iscrivo', sub()],
  ['Mi voglio iscrivere', sub()],
  ['Voglio iscrivermi!', sub()],
  ['desidero iscrivermi', sub()],
  ['vorrei iscrivermi al servizio', sub()],
  ['Come posso iscrivermi?', sub()],
  ['Iscrizione', sub()],
  ['iscrizzione', sub()],
  ['Attiva', sub()],
  ['Attiva le notifiche', sub()],
  ['vorrei essere iscritto', sub()],
  ['subscribe', sub()],
  ['I want to subscribe', sub()],
  ['sign up', sub()],
  ['join', sub()],
  ['START', sub()],
  // Subscribe with name and code, in any order.
  ['Iscrivimi Mario Rossi 482913', sub('Mario', 'Rossi', '482913')],
  ['482913 iscrivimi mario rossi', sub('Mario', 'Rossi', '482913')],
  ['Iscrivimi Mario 482913 Rossi', sub('Mario', 'Rossi', '482913')],
  ['iscrizione Mario Rossi #482913', sub('Mario', 'Rossi', '482913')],
  ['Iscrivimi 482913', subCode('482913')],
  ['Iscrivimi 123456 654321', sub()],
  ['Ciao! Iscrivimi, sono Mario Rossi', sub('Mario', 'Rossi')],
  ['Buongiorno, vorrei iscrivermi. Mi chiamo Maria Grazia De Luca', sub('Maria Grazia', 'De Luca')],
  ['Il mio nome è Mario Rossi, iscrivimi grazie', sub('Mario', 'Rossi')],
  ['Iscrivimi 🙂 Niccolò Dell\u2019Acqua', sub('Niccolò', "Dell'Acqua")],
  ["Iscrivimi GABRIELE D'ANNUNZIO", sub('Gabriele', "D'Annunzio")],
  ["Iscrivimi D' Annunzio Gabriele", sub('Gabriele', "D'Annunzio")],
  ['iscrivimi niccolò de luca', sub('Niccolò', 'De Luca')],
  ['Iscrivimi De Luca Mario', sub('Mario', 'De Luca')],
  ['Iscrivimi Anna-Maria Bianchi', sub('Anna-Maria', 'Bianchi')],
  ['iscrivimi Anna Maria Rossi', sub('Anna Maria', 'Rossi')],
  ['Iscrivimi Gian Luca Neri', sub('Gian Luca', 'Neri')],
  ['Iscrivimi Maria La Rosa', sub('Maria', 'La Rosa')],
  ['iscrivimi pietro van der berg', sub('Pietro', 'Van Der Berg')],
  ['Iscrivimi Mario Rossi Bianchi', sub('Mario', 'Rossi Bianchi')],
  ['Iscrivimi sig. Mario Rossi', sub('Mario', 'Rossi')],
  ['Iscrivimi nome Mario cognome Rossi', sub('Mario', 'Rossi')],
  ['Iscrivimi\nMario\nRossi', sub('Mario', 'Rossi')],
  ['Iscrivimi, abito in via Roma e sono Mario Rossi', sub('Mario', 'Rossi')],
  ['Iscrivimi anche mia moglie', sub()],
  ['Iscrivimi alla lista dei residenti', sub()],
  ['Iscrivimi Mario', sub()],
  ['Iscrivimi 𝐌𝐚𝐫𝐢𝐨 𝐑𝐨𝐬𝐬𝐢', sub('Mario', 'Rossi')],
  ["Hi, subscribe me please. My name is John O'Brien", sub('John', "O'Brien")],
  ['sign me up, Ronald Mcdonald', sub('Ronald', 'McDonald')],
  // A bare web-form code (with or without the name) confirms the form.
  ['482913', subCode('482913')],
  ['Codice: 482913, grazie', subCode('482913')],
  ['Mario Rossi 482913', sub('Mario', 'Rossi', '482913')],
  // Unsubscribe: keywords, typos, extra words.
  ['cancellami', UNSUB],
  ['Cancellatemi!!!', UNSUB],
  ['cancelami', UNSUB],
  ['cancellmi', UNSUB],
  ['canccellami', UNSUB],
  ['Per favore cancellami grazie', UNSUB],
  ['cancella', UNSUB],
  ['Cancella iscrizione', UNSUB],
  ['cancella il mio numero per favore', UNSUB],
  ['Voglio cancellare l\u2019iscrizione', UNSUB],
  ['Cancellazione', UNSUB],
  ['disiscrivimi', UNSUB],
  ['Disiscrivermi subito', UNSUB],
  ['Annulla iscrizione', UNSUB],
  ['annulla', UNSUB],
  ['rimuovimi dalla lista', UNSUB],
  ['Toglimi', UNSUB],
  ['Non voglio più ricevere messaggi', UNSUB],
  ['non voglio piu essere iscritto', UNSUB],
  ['Non voglio iscrivermi', UNSUB],
  ['non mandatemi più messaggi', UNSUB],
  ['niente più messaggi grazie', UNSUB],
  ['Basta', UNSUB],
  ['bastaaa!!', UNSUB],
  ['basta messaggi', UNSUB],
  ['Esci', UNSUB],
  ['esci dal gruppo', UNSUB],
  ['STOP', UNSUB],
  ['Stop 🛑', UNSUB],
  ['Grazie, stop', UNSUB],
  ['ｓｔｏｐ', UNSUB],
  ['\u200Bstop\u200F', UNSUB],
  ['unsubscribe', UNSUB],
  ['please unsubscribe me', UNSUB],
  ['opt out', UNSUB],
  ['Opt-out', UNSUB],
  ['Remove me', UNSUB],
  ['leave', UNSUB],
  ['Cancel', UNSUB],
  ['disattiva', UNSUB],
  // Unsubscribe wins every tie.
  ['iscrivimi... anzi no, cancellami', UNSUB],
  ['Stop iscrizione', UNSUB],
  ['Basta che mi avvisate', UNSUB],
  // Help.
  ['aiuto', HELP],
  ['AIUTO!', HELP],
  ['help', HELP],
  ['?', HELP],
  [' ??? ', HELP],
  ['info', HELP],
  ['Info?', HELP],
  ['Vorrei informazioni', HELP],
  ["informazioni sull'iscrizione", HELP],
  ['Come funziona?', HELP],
  ["Come funziona l'iscrizione?", HELP],
  ['Buonasera, vorrei sapere come funziona il servizio', HELP],
  ['comandi', HELP],
  ['cosa posso fare?', HELP],
  // Topics.
  ['argomenti', TOPICS],
  ['Argomneti', TOPICS],
  ['temi', TOPICS],
  // The preferences page (a personal link).
  ['Preferenze', { kind: 'preferences' }],
  ['modifica prefernze', { kind: 'preferences' }],
  ['Impostazioni', { kind: 'preferences' }],
  ['preferences', { kind: 'preferences' }],
  ['Cambia argomenti', TOPICS],
  ['topics', TOPICS],
  // Unknown, including near misses that must not trigger a command.
  ['', UNKNOWN],
  ['   ', UNKNOWN],
  ['grazie', UNKNOWN],
  ['Grazie mille!', UNKNOWN],
  ['ok', UNKNOWN],
  ['👍', UNKNOWN],
  ['Ciao', UNKNOWN],
  ['Ho visto la strada chiusa', UNKNOWN],
  ['Ho visto lo stop', UNKNOWN],
  ['lo stop in via Roma è piegato', UNKNOWN],
  ['stoppato', UNKNOWN],
  ['informazione sul mercato', UNKNOWN],
  ['scrivimi quando riapre via Roma', UNKNOWN],
  ['i voli sono cancellati', UNKNOWN],
  ['il cancello del cimitero è rotto', UNKNOWN],
  ['Il mercato è annullato?', UNKNOWN],
  ['La fontana è attiva?', UNKNOWN],
  ['disattivati i semafori in via Roma', UNKNOWN],
  ['Non ricevo più messaggi', UNKNOWN],
  ['Sono iscritto?', UNKNOWN],
  ['Foto della buca in via Garibaldi', UNKNOWN],
  ['Ho il numero 3331234567', UNKNOWN],
  ['Il codice 48291 non funziona', UNKNOWN],
];

describe('parseCommand', () => {
  it('covers at least 70 real-world variants', () => {
    expect(cases.length).toBeGreaterThanOrEqual(70);
  });

  it.each(cases)('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });
});

describe('parsePersonName', () => {
  it.each([
    ['mario rossi', 'Mario', 'Rossi'],
    ['Mario Rossi.', 'Mario', 'Rossi'],
    ['sono Mario Rossi', 'Mario', 'Rossi'],
    ['mi chiamo mario rossi grazie', 'Mario', 'Rossi'],
    ['Il mio nome è Mario Rossi', 'Mario', 'Rossi'],
    ["GABRIELE D'ANNUNZIO", 'Gabriele', "D'Annunzio"],
    ['niccolò de luca', 'Niccolò', 'De Luca'],
    ['Maria Grazia De Luca', 'Maria Grazia', 'De Luca'],
    ['Anna Maria Rossi', 'Anna Maria', 'Rossi'],
    ['Pier Paolo Pasolini', 'Pier Paolo', 'Pasolini'],
    ['Giovanni Battista Vico', 'Giovanni Battista', 'Vico'],
    ["Niccolò dell'acqua", 'Niccolò', "Dell'Acqua"],
    ['anna-maria de-santis', 'Anna-Maria', 'De-Santis'],
    ['Luca Di Maio', 'Luca', 'Di Maio'],
    ['Di Maio Luca', 'Luca', 'Di Maio'],
    ['Rossi, Mario', 'Rossi', 'Mario'],
    ['Nome: Mario, Cognome: Rossi', 'Mario', 'Rossi'],
    ['Mario Basta', 'Mario', 'Basta'],
    ['José Álvarez', 'José', 'Álvarez'],
    ['  mario   rossi  🙂 ', 'Mario', 'Rossi'],
  ])('%j', (text, firstName, lastName) => {
    expect(parsePersonName(text)).toMatchObject({ firstName, lastName });
  });

  it.each([
    'Mario',
    'mario r',
    'Mario Rossi 123',
    'R2D2 Rossi',
    'grazie mille',
    'ciao buongiorno',
    'per favore',
    'Iscrivimi Mario Rossi',
    'cancellami',
    'anche mia moglie',
    'Mario Rossi via Roma',
    'Mario De',
    'De La',
    'Mario Rossi Bianchi Verdi Neri Gialli Blu',
    'Bartolomeo Massimiliano Ferdinando Giovannantonio Scaramuzzino',
    'mario@rossi.it',
    '',
  ])('rejects %j', (text) => {
    expect(parsePersonName(text)).toBeNull();
  });
});

describe('hostile input never throws', () => {
  const nullish = [null, undefined, 42, {}, []] as unknown as string[];

  it.each(nullish)('parseCommand(%j) is unknown, parsePersonName is null', (value) => {
    expect(parseCommand(value)).toEqual(UNKNOWN);
    expect(parsePersonName(value)).toBeNull();
  });

  it.each([
    ['10,000 letters', 'a'.repeat(10_000), UNKNOWN],
    ['10,000 digits', '1'.repeat(10_000), UNKNOWN],
    ['only emoji', '😀🎉👍🏽🇮🇹'.repeat(1_000), UNKNOWN],
    ['zero-width characters only', '\u200B\u200C\u200D\u2060\uFEFF'.repeat(100), UNKNOWN],
    ['RTL override reversing a keyword', '\u202Eimivircsi', UNKNOWN],
    ['lone surrogates around a keyword', '\uD800iscrivimi\uDFFF', sub()],
    ['combining-mark flood', 'Mario' + '\u0301'.repeat(5_000), UNKNOWN],
    ['long chat ending in an opt-out', 'bla '.repeat(2_400) + 'cancellami', UNSUB],
    ['a keyword repeated 1,000 times', 'iscrivimi '.repeat(1_000), sub()],
  ])('%s', (_label, text, expected) => {
    const started = performance.now();
    expect(parseCommand(text)).toEqual(expected);
    expect(parsePersonName(text)).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('helpers', () => {
  it('accepts exactly six ASCII digits as a confirmation code', () => {
    expect(['482913', '000000'].map((c) => CONFIRMATION_CODE_PATTERN.test(c))).toEqual([true, true]);
    expect(['48291', '4829130', '48291a', ' 482913', '４８２９１３'].map((c) => CONFIRMATION_CODE_PATTERN.test(c))).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it('counts one typo, including a swap, and gives up beyond the limit', () => {
    expect(editDistance('iscirvimi', 'iscrivimi', 1)).toBe(1);
    expect(editDistance('iscrivmi', 'iscrivimi', 1)).toBe(1);
    expect(editDistance('cancellati', 'cancellami', 1)).toBe(1);
    expect(editDistance('cancellato', 'cancellami', 1)).toBe(2);
    expect(editDistance('x'.repeat(1_000), 'iscrivimi', 1)).toBe(2);
  });

  it('capitalises name words whatever the input case', () => {
    expect(["D'ANNUNZIO", 'anna-maria', 'mcdonald', 'NICCOLÒ', 'deLuca'].map(capitaliseNameWord)).toEqual([
      "D'Annunzio",
      'Anna-Maria',
      'McDonald',
      'Niccolò',
      'Deluca',
    ]);
  });
});
