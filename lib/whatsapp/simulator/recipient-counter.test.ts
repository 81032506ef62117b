import { describe, expect, it } from 'vitest';
import { RecipientCounter } from './recipient-counter';

describe('RecipientCounter', () => {
  it('counts sends per number through many resizes, like a Map would', () => {
    const c = new RecipientCounter();
    const reference = new Map<string, number>();
    // Numbers that differ only in their high digits, or only in their low 32 bits, and 15 digits long.
    const numbers = Array.from({ length: 20_000 }, (_, i) => String(393_000_000_000 + i * 7919));
    numbers.push('999999999999999', '100000000000000', '1', '4294967296', '8589934592', '12884901888');
    for (const [round, n] of [...numbers, ...numbers.slice(0, 500), ...numbers.slice(0, 3)].entries()) {
      const expected = (reference.get(n) ?? 0) + 1;
      reference.set(n, expected);
      expect(c.add(n), `${n} (add ${round})`).toBe(expected);
    }
    expect(c.size).toBe(reference.size);
    expect(new Map(c.entries())).toEqual(reference);
  });

  it('keeps what is not a plain number (a business-scoped user id) apart', () => {
    const c = new RecipientCounter();
    expect(c.add('IT.13491208655302741918')).toBe(1);
    expect(c.add('IT.13491208655302741918')).toBe(2);
    expect(c.add('0393331234567')).toBe(1); // leading zero: not E.164 digits, kept as written
    expect(c.add('1234567890123456')).toBe(1); // 16 digits: beyond E.164, kept as written
    expect(c.add('393331234567')).toBe(1);
    expect(c.size).toBe(4);
    expect(new Map(c.entries())).toEqual(
      new Map([
        ['393331234567', 1],
        ['IT.13491208655302741918', 2],
        ['0393331234567', 1],
        ['1234567890123456', 1],
      ]),
    );
    c.clear();
    expect(c.size).toBe(0);
    expect([...c.entries()]).toEqual([]);
    expect(c.add('393331234567')).toBe(1);
  });
});
