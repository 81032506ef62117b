import { describe, expect, it } from 'vitest';
import { signPayload, verifySignature } from './signature';

const secret = 'test-app-secret';

describe('webhook signature', () => {
  it('accepts the signature of the exact raw bytes, including escaped non-ASCII', () => {
    const raw = Buffer.from('{"text":{"body":"Niccol\\u00f2 \\ud83d\\ude00"}}', 'utf8');
    expect(verifySignature(raw, signPayload(raw, secret), secret)).toBe(true);
  });

  it('rejects a signature computed over re-serialised JSON', () => {
    const raw = Buffer.from('{"name":"Niccol\\u00f2"}', 'utf8');
    const reserialised = JSON.stringify(JSON.parse(raw.toString('utf8')));
    expect(verifySignature(raw, signPayload(reserialised, secret), secret)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['no prefix', 'a'.repeat(64)],
    ['uppercase hex', 'sha256=' + 'A'.repeat(64)],
    ['short', 'sha256=abc'],
    ['long', 'sha256=' + 'a'.repeat(65)],
  ])('rejects a %s header', (_label, header) => {
    expect(verifySignature(Buffer.from('{}'), header, secret)).toBe(false);
  });

  it('rejects everything when the secret is empty', () => {
    const raw = Buffer.from('{}');
    expect(verifySignature(raw, signPayload(raw, ''), '')).toBe(false);
  });

  it('rejects a signature made with another secret', () => {
    const raw = Buffer.from('{}');
    expect(verifySignature(raw, signPayload(raw, 'other'), secret)).toBe(false);
  });
});
