import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ResetForm } from '../../../(auth)/accedi/nuova-password/ResetForm';
import { ForgotForm } from '../../../(auth)/accedi/password-dimenticata/ForgotForm';
import { summariseUserAgent } from '@/lib/auth/user-agent';
import { SessionsSection } from './SessionsSection';

const at = new Date('2026-12-03T09:00:00Z');
const session = (id: string, current: boolean, userAgent: string | null) => ({
  id,
  method: 'PASSWORD' as const,
  createdAt: at,
  lastSeenAt: at,
  userAgent,
  current,
});

describe('the profile’s open sessions, as the server renders them (no JavaScript)', () => {
  it('marks the current one, has one labelled end button per session and “Termina le altre”', () => {
    const html = renderToStaticMarkup(
      createElement(SessionsSection, {
        sessions: [session('11111111-1111-4111-8111-111111111111', true, 'Firefox su Linux'), session('22222222-2222-4222-8222-222222222222', false, null)],
        done: 'terminata',
      }),
    );
    expect(html).toContain('Firefox su Linux <span class="badge bg-primary">Questa sessione</span>');
    expect(html).toContain('Browser non indicato');
    expect(html.match(/name="sessionId" value="[0-9a-f-]{36}"/g)).toHaveLength(2);
    expect(html).toContain('aria-label="Termina questa sessione: Firefox su Linux, accesso 3 dic 2026, 10:00');
    expect(html).toContain('(questa, uscirai)');
    expect(html).toContain('Termina le altre (1)');
    expect(html).toContain('role="status"');
    expect(html).toContain('<th scope="col">Ultima attività</th>');
  });

  it('offers no “Termina le altre” when this is the only one', () => {
    const html = renderToStaticMarkup(createElement(SessionsSection, { sessions: [session('11111111-1111-4111-8111-111111111111', true, null)] }));
    expect(html).not.toContain('Termina le altre');
    expect(html).toContain('Nessun’altra sessione aperta.');
  });
});

describe('the password reset forms', () => {
  it('label every field and carry the token hidden', () => {
    const forgot = renderToStaticMarkup(createElement(ForgotForm));
    expect(forgot).toMatch(/<label for="f-email"[^>]*>Email<\/label>/);
    expect(forgot).toContain('aria-describedby="f-email-help"');
    const reset = renderToStaticMarkup(createElement(ResetForm, { token: 'T'.repeat(43), email: 'anna@comune.example.it' }));
    expect(reset).toContain(`name="token" value="${'T'.repeat(43)}"`);
    expect(reset).toMatch(/<label for="f-next"[^>]*>Nuova password<\/label>/);
    expect(reset).toMatch(/<label for="f-confirm"[^>]*>Ripeti la nuova password<\/label>/);
    expect(reset.match(/autocomplete="new-password"/gi)).toHaveLength(2);
  });
});

describe('summariseUserAgent', () => {
  it('keeps only browser and system', () => {
    expect(
      summariseUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'),
    ).toBe('Edge su Windows');
    expect(summariseUserAgent('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36')).toBe(
      'Chrome su Android',
    );
    expect(summariseUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15')).toBe(
      'Safari su macOS',
    );
    expect(summariseUserAgent('curl/8.5.0')).toBe('curl');
    expect(summariseUserAgent('qualcosa')).toBe('Altro programma');
    expect(summariseUserAgent(null)).toBeNull();
  });
});
