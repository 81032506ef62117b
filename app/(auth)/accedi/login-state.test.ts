import argon2 from 'argon2';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginWithPassword } from '@/lib/auth/login-password';
import { argon2Counters, verifyPassword } from '@/lib/auth/password';
import { ARGON2_CONCURRENCY, ARGON2_MAX_WAITING } from '@/lib/auth/policy';
import { makeStaff, TEST_PASSWORD } from '@/lib/testing/fixtures';
import { createTestContext, type TestContext } from '@/lib/testing/test-context';
import { LoginFormView } from './LoginForm';
import { refusedLoginState } from './login-state';

/**
 * The login form when the process's argon2 queue is full: the server action answers (HTTP 200,
 * like every server action) with a state whose message the form shows in place, keeping the typed
 * email, instead of an HTTP 429 page.
 */
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
  await makeStaff(ctx, { email: 'occupata@comune.example.it' });
});
afterAll(async () => ctx.close());

const render = (state: Parameters<typeof LoginFormView>[0]['state']) =>
  renderToStaticMarkup(createElement(LoginFormView, { state, action: () => {}, next: '/dashboard' }));

describe('the login form while the argon2 queue is full', () => {
  it('shows "Troppi tentativi in corso" in the form, with the email kept', async () => {
    // A deliberately slow hash keeps the real queue full (as lib/auth/brakes.test.ts does).
    const slow = await argon2.hash('lento-lento-lento', { type: argon2.argon2id, timeCost: 12, memoryCost: 32 * 1024 });
    const filling = Array.from({ length: ARGON2_CONCURRENCY + ARGON2_MAX_WAITING }, () => verifyPassword(slow, 'x'));
    const r = await loginWithPassword(ctx, { email: 'occupata@comune.example.it', password: TEST_PASSWORD, ip: '192.0.2.77' });
    await Promise.all(filling);
    expect(argon2Counters()).toMatchObject({ running: 0, waiting: 0 });
    if (r.ok) throw new Error('the login went through a full queue');

    const state = refusedLoginState(r, 'occupata@comune.example.it');
    expect(state).toEqual({ step: 'password', email: 'occupata@comune.example.it', message: 'Troppi tentativi in corso, riprova tra poco.' });
    const html = render(state);
    expect(html).toContain('Troppi tentativi in corso, riprova tra poco.');
    expect(html).toContain('value="occupata@comune.example.it"');
    expect(html).toContain('name="password"');
  }, 60_000);

  it('the other refusals keep their own step and message', () => {
    expect(refusedLoginState({ ok: false, reason: 'code_required', message: '', ticket: 't' }, 'a@comune.example.it')).toEqual({
      step: 'code',
      ticket: 't',
      message: undefined,
    });
    expect(refusedLoginState({ ok: false, reason: 'ticket_expired', message: 'scaduta' }, 'a@comune.example.it')).toEqual({
      step: 'password',
      email: '',
      message: 'scaduta',
    });
    // The code step's field (TotpCodeField, shared with the TOTP set-up and removal forms).
    const code = render({ step: 'code', ticket: 't' });
    for (const attribute of ['name="code"', 'inputMode="numeric"', 'autoComplete="one-time-code"', 'maxLength="7"', 'pattern="[0-9 ]{6,7}"', 'required=""']) {
      expect(code).toContain(attribute);
    }
    expect(code).toContain('Il codice cambia ogni 30 secondi.');
  });
});
