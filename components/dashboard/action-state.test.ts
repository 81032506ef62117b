import { describe, expect, it } from 'vitest';
import { AppError, invalidInput } from '@/lib/errors';
import { silentLogger } from '@/lib/log';
import { actionError, firstError } from './action-state';

describe('actionError', () => {
  it('gives a form the AppError field messages as they are; each field shows its first', () => {
    const state = actionError(
      invalidInput('Controlla i campi.', { email: ['Scrivi un indirizzo email valido.', 'Indirizzo email troppo lungo.'] }),
      silentLogger,
      { email: 'x' },
    );
    expect(state).toEqual({
      status: 'error',
      message: 'Controlla i campi.',
      fieldErrors: { email: ['Scrivi un indirizzo email valido.', 'Indirizzo email troppo lungo.'] },
      values: { email: 'x' },
    });
    expect(firstError(state, 'email')).toBe('Scrivi un indirizzo email valido.');
    expect(firstError(state, 'name')).toBeUndefined();
  });

  it('keeps field messages on other codes too, and hides unexpected errors', () => {
    const conflict = actionError(new AppError('conflict', 'Esiste già.', { fieldErrors: { email: ['Esiste già.'] } }), silentLogger);
    expect(firstError(conflict, 'email')).toBe('Esiste già.');
    expect(actionError(new Error('boom'), silentLogger)).toEqual({
      status: 'error',
      message: 'Si è verificato un errore imprevisto. Riprova tra poco.',
      values: undefined,
    });
  });
});
