import { describe, expect, it } from 'vitest';
import { hashPassword, passwordProblem, verifyPassword } from './password';
import { backoffMs } from './policy';
import { generateTemporaryPassword } from './staff-schema';

describe('passwordProblem', () => {
  const email = 'mario.rossi@comune.example.it';
  it('accepts a long, varied password', () => {
    expect(passwordProblem('cavallo-batteria-graffetta', email)).toBeNull();
  });
  it.each([
    ['short1!', 'almeno 12'],
    ['mario.rossi@comune.example.it', 'indirizzo email'],
    ['MARIO.ROSSI-segreta', 'indirizzo email'],
    ['aaaaaaaaaaaaaaaa', 'ripetuti'],
    ['Password1234!', 'troppo comune'],
    ['conegliano2026', 'troppo comune'],
    ['1234567890ab', 'facile'],
  ])('refuses %s', (password, reason) => {
    expect(passwordProblem(password, email)).toContain(reason);
  });
  it('generates temporary passwords that pass its own rules', () => {
    for (let i = 0; i < 20; i++) expect(passwordProblem(generateTemporaryPassword(), email)).toBeNull();
  });
});

describe('argon2id hashing', () => {
  it('verifies the right password only, and treats a broken hash as a mismatch', async () => {
    const hash = await hashPassword('cavallo-batteria-graffetta');
    expect(hash.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(hash, 'cavallo-batteria-graffetta')).toBe(true);
    expect(await verifyPassword(hash, 'cavallo-batteria-graffettA')).toBe(false);
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
});

describe('backoffMs', () => {
  it('lets four mistakes pass, then doubles from 30 s up to 15 minutes', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map(backoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(backoffMs(10)).toBe(900_000);
    expect(backoffMs(50)).toBe(900_000);
  });
});
