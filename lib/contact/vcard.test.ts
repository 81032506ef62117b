import { describe, expect, it } from 'vitest';
import { formatDisplayNumber } from './display-number';
import { buildVCard } from './vcard';

describe('buildVCard', () => {
  it('writes the name, organisation, mobile number and site with CRLF line ends', () => {
    const card = buildVCard({
      name: 'WhatsApp Conegliano',
      organisation: 'Comune di Conegliano',
      phone: '+393204321474',
      url: 'https://avvisi.comune.conegliano.tv.it',
    });
    expect(card).toBe(
      [
        'BEGIN:VCARD',
        'VERSION:3.0',
        'FN:WhatsApp Conegliano',
        'N:WhatsApp Conegliano;;;;',
        'ORG:Comune di Conegliano',
        'TEL;TYPE=CELL:+393204321474',
        'URL:https://avvisi.comune.conegliano.tv.it',
        'END:VCARD',
        '',
      ].join('\r\n'),
    );
  });

  it('escapes separators and folds long lines without splitting characters', () => {
    const card = buildVCard({ name: 'Avvisi; città, ' + 'à'.repeat(60), organisation: 'X', phone: '+39 320 000 0000', url: 'https://x.example' });
    expect(card).toContain('FN:Avvisi\\; città\\, ');
    expect(card).toContain('TEL;TYPE=CELL:+393200000000');
    for (const line of card.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    const unfolded = card.replace(/\r\n /g, '');
    expect(unfolded).toContain('à'.repeat(60));
  });
});

describe('formatDisplayNumber', () => {
  it('shows Italian numbers as Italians write them, foreign ones with their prefix', () => {
    expect(formatDisplayNumber('+393204321474')).toBe('320 432 1474');
    expect(formatDisplayNumber('+41791234567')).toBe('+41 79 123 45 67');
    expect(formatDisplayNumber('not a number')).toBe('not a number');
  });
});
