import { describe, expect, it } from 'vitest';
import { parseWhatsAppFormatting as parse, plainText } from './whatsapp-format';

describe('parseWhatsAppFormatting', () => {
  it('finds bold, italic, strike and inline code between word boundaries', () => {
    expect(parse('Via *Roma* chiusa _stasera_ ~domani~ `A27`')).toEqual([
      'Via ',
      { kind: 'bold', children: ['Roma'] },
      ' chiusa ',
      { kind: 'italic', children: ['stasera'] },
      ' ',
      { kind: 'strike', children: ['domani'] },
      ' ',
      { kind: 'code', children: ['A27'] },
    ]);
  });

  it('nests styles and keeps punctuation after a closing marker', () => {
    expect(parse('*chiusa _tutta_ la notte*, dalle 20.')).toEqual([
      { kind: 'bold', children: ['chiusa ', { kind: 'italic', children: ['tutta'] }, ' la notte'] },
      ', dalle 20.',
    ]);
  });

  it('leaves markers inside words, next to spaces, unmatched or across lines as text', () => {
    for (const s of ['snake_case_name', '2 * 3 * 4', '* elenco', 'solo *uno', 'a *b\nc* d', 'prezzo 5*']) {
      expect(parse(s)).toEqual([s]);
    }
  });

  it('keeps ```monospace``` content as typed, formatting markers included', () => {
    expect(parse('Codice: ```*non* grassetto``` fine')).toEqual(['Codice: ', { kind: 'mono', children: ['*non* grassetto'] }, ' fine']);
  });

  it('never turns text into markup: tags stay text', () => {
    const nodes = parse('<script>alert(1)</script> *<b>x</b>*');
    expect(nodes[0]).toBe('<script>alert(1)</script> ');
    expect(plainText(nodes)).toBe('<script>alert(1)</script> <b>x</b>');
  });

  it('plainText gives the text as read on the phone', () => {
    expect(plainText(parse('*Avviso del Comune*\n\n*Via Roma chiusa*\n\nDalle _20_ alle 24.'))).toBe('Avviso del Comune\n\nVia Roma chiusa\n\nDalle 20 alle 24.');
  });
});
