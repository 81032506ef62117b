import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError, fieldErrorsFromZod, invalidInput } from './errors';

describe('invalidInput', () => {
  it('is an invalid_input AppError (422) carrying its field messages', () => {
    const e = invalidInput('Controlla i campi.', { title: ['Troppo lungo.', 'Una sola riga.'] });
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      code: 'invalid_input',
      userMessage: 'Controlla i campi.',
      httpStatus: 422,
      details: { fieldErrors: { title: ['Troppo lungo.', 'Una sola riga.'] } },
    });
  });

  it('carries no details without field messages', () => {
    expect(invalidInput('Dati non validi.').details).toBeUndefined();
    expect(invalidInput('Dati non validi.', {}).details).toBeUndefined();
  });
});

describe('fieldErrorsFromZod', () => {
  const schema = z.object({
    title: z.string().max(3, { error: 'Al massimo 3.' }).regex(/^\S*$/, { error: 'Niente spazi.' }),
    topics: z.array(z.string().min(1, { error: 'Argomento vuoto.' })),
  });

  it('lists every message under the dotted path of its field, the whole input under "_"', () => {
    const r = schema.safeParse({ title: 'a b c', topics: ['ok', ''] });
    expect(fieldErrorsFromZod(r.error!)).toEqual({ title: ['Al massimo 3.', 'Niente spazi.'], 'topics.1': ['Argomento vuoto.'] });
    const whole = z
      .object({})
      .refine(() => false, { error: 'Tutto sbagliato.' })
      .safeParse({});
    expect(fieldErrorsFromZod(whole.error!)).toEqual({ _: ['Tutto sbagliato.'] });
  });

  it('keeps a repeated message once', () => {
    const twice = {
      issues: [
        { path: ['a'], message: 'x' },
        { path: ['a'], message: 'x' },
      ],
    };
    expect(fieldErrorsFromZod(twice)).toEqual({ a: ['x'] });
  });
});
