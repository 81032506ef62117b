import { CappedMap, solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { describe, expect, it } from 'vitest';
import {
  checkFormToken,
  checkSubmission,
  createAltchaChallenge,
  deriveBotSecrets,
  FORM_TOKEN_MAX_AGE_MS,
  issueFormToken,
  MIN_FILL_MS,
  verifyAltchaPayload,
} from './bot-check';

const secrets = deriveBotSecrets('x'.repeat(40));
const other = deriveBotSecrets('y'.repeat(40));
const t0 = new Date('2026-11-29T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
// Tiny difficulty so the test solves in milliseconds.
const easy = { cost: 1, counterMin: 1, counterMax: 20 };

const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');

async function solvedPayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('not solved');
  return encode({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution });
}

describe('deriveBotSecrets', () => {
  it('derives distinct keys per use and per secret', () => {
    expect(new Set(Object.values(secrets)).size).toBe(3);
    expect(secrets.formToken).not.toBe(other.formToken);
    expect(() => deriveBotSecrets('')).toThrow();
  });
});

describe('form token', () => {
  it('accepts its own token and reports its age', () => {
    const token = issueFormToken(secrets.formToken, t0);
    expect(checkFormToken(token, secrets.formToken, at(4_000))).toEqual({ ok: true, ageMs: 4_000 });
  });

  it('refuses missing, forged, tampered and foreign tokens', () => {
    const token = issueFormToken(secrets.formToken, t0);
    const [ts, sig] = token.split('.') as [string, string];
    expect(checkFormToken('', secrets.formToken, t0)).toEqual({ ok: false, reason: 'missing' });
    expect(checkFormToken(undefined, secrets.formToken, t0)).toEqual({ ok: false, reason: 'missing' });
    expect(checkFormToken('garbage', secrets.formToken, t0)).toEqual({ ok: false, reason: 'invalid' });
    // Backdating the timestamp to skip the wait breaks the signature.
    expect(checkFormToken(`${Number(ts) - 60_000}.${sig}`, secrets.formToken, t0)).toEqual({ ok: false, reason: 'invalid' });
    expect(checkFormToken(issueFormToken(other.formToken, t0), secrets.formToken, at(5_000))).toEqual({ ok: false, reason: 'invalid' });
  });

  it('expires old pages and treats future timestamps as fresh', () => {
    const token = issueFormToken(secrets.formToken, t0);
    expect(checkFormToken(token, secrets.formToken, at(FORM_TOKEN_MAX_AGE_MS + 1))).toEqual({ ok: false, reason: 'expired' });
    expect(checkFormToken(token, secrets.formToken, at(-5_000))).toEqual({ ok: true, ageMs: 0 });
  });
});

describe('ALTCHA', () => {
  it('issues a signed challenge that expires in 10 minutes', async () => {
    const now = new Date();
    const challenge = await createAltchaChallenge(secrets, now);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters.algorithm).toBe('PBKDF2/SHA-256');
    expect(challenge.parameters.expiresAt).toBe(Math.floor((now.getTime() + 10 * 60_000) / 1000));
    expect(challenge.parameters.keySignature).toBeTruthy();
  });

  it('verifies a solved challenge once, then refuses the replay', async () => {
    const payload = await solvedPayload(await createAltchaChallenge(secrets, new Date(), easy));
    const used = new CappedMap<string, boolean>({ maxSize: 100 });
    expect(await verifyAltchaPayload(payload, secrets, used)).toEqual({ ok: true });
    expect(await verifyAltchaPayload(payload, secrets, used)).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses payloads signed with another secret, wrong solutions and garbage', async () => {
    const challenge = await createAltchaChallenge(secrets, new Date(), easy);
    const payload = await solvedPayload(challenge);
    expect(await verifyAltchaPayload(payload, other)).toEqual({ ok: false, reason: 'invalid' });

    const wrong = encode({ challenge, solution: { counter: 999_999, derivedKey: 'ab'.repeat(32) } });
    expect(await verifyAltchaPayload(wrong, secrets)).toEqual({ ok: false, reason: 'invalid' });

    expect(await verifyAltchaPayload('%%%not base64%%%', secrets)).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyAltchaPayload(encode({ hello: 'world' }), secrets)).toEqual({ ok: false, reason: 'malformed' });
    // The widget's "test mode" payload must never pass.
    expect(await verifyAltchaPayload(encode({ challenge: null, solution: null, test: true }), secrets)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses an expired challenge', async () => {
    const longAgo = new Date(Date.now() - 11 * 60_000);
    const payload = await solvedPayload(await createAltchaChallenge(secrets, longAgo, easy));
    expect(await verifyAltchaPayload(payload, secrets)).toEqual({ ok: false, reason: 'expired' });
  });
});

describe('checkSubmission', () => {
  const token = issueFormToken(secrets.formToken, t0);

  it('without JavaScript: accepts after the minimum time with an empty honeypot', async () => {
    expect(await checkSubmission({ formToken: token, honeypot: '' }, secrets, at(MIN_FILL_MS))).toEqual({ ok: true, path: 'no-js' });
  });

  it('without JavaScript: refuses a form sent too fast', async () => {
    expect(await checkSubmission({ formToken: token }, secrets, at(MIN_FILL_MS - 1))).toEqual({ ok: false, reason: 'too_fast' });
  });

  it('refuses a filled honeypot whatever else is right', async () => {
    expect(await checkSubmission({ formToken: token, honeypot: 'https://spam.example' }, secrets, at(60_000))).toMatchObject({
      ok: false,
      reason: 'honeypot',
    });
  });

  it('refuses a missing or forged form token, and an expired page', async () => {
    expect(await checkSubmission({}, secrets, at(60_000))).toMatchObject({ ok: false, reason: 'form_token_invalid' });
    expect(await checkSubmission({ formToken: issueFormToken(other.formToken, t0) }, secrets, at(60_000))).toMatchObject({
      ok: false,
      reason: 'form_token_invalid',
    });
    expect(await checkSubmission({ formToken: token }, secrets, at(FORM_TOKEN_MAX_AGE_MS + 1))).toMatchObject({
      ok: false,
      reason: 'form_expired',
    });
  });

  it('with a valid ALTCHA payload: no minimum time; with a bad one: refused even after the wait', async () => {
    const fresh = issueFormToken(secrets.formToken, new Date());
    const payload = await solvedPayload(await createAltchaChallenge(secrets, new Date(), easy));
    expect(await checkSubmission({ formToken: fresh, altcha: payload }, secrets, new Date())).toEqual({ ok: true, path: 'altcha' });
    expect(await checkSubmission({ formToken: token, altcha: 'bogus' }, secrets, at(60_000))).toMatchObject({
      ok: false,
      reason: 'altcha_failed',
    });
  });
});
