import { describe, expect, it } from 'vitest';
import { HTTP_STATUS, invalidInput } from '../errors';
import { silentLogger } from '../log';
import { toApiErrorResponse } from './api-error';

describe('the API error body of field errors', () => {
  it('has the status of lib/errors and one {path, message} per message', async () => {
    const res = toApiErrorResponse(
      invalidInput('Controlla i campi.', { 'topics.1': ['Unknown topic.'], title: ['Too long.', 'One line only.'] }),
      silentLogger,
    );
    expect(res.status).toBe(HTTP_STATUS.invalid_input);
    const body = (await res.json()) as { error: { code: string; details: { fields: unknown[] } } };
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.fields).toEqual([
      { path: 'topics[1]', message: 'Unknown topic.' },
      { path: 'title', message: 'Too long.' },
      { path: 'title', message: 'One line only.' },
    ]);
  });
});
