import { describe, expect, it } from 'vitest';
import { ConfigError, parseEnv } from './env';

/** SMTP_* (lib/env.ts parseSmtp): all or nothing, each mistake named. */
const BASE = {
  DEMO_MODE: 'true',
  DATABASE_URL: 'postgresql://x@localhost/x',
  DATA_ENCRYPTION_KEY: 'a'.repeat(64),
  AUTH_SECRET: 's'.repeat(40),
  WHATSAPP_APP_SECRET: 'x',
  WHATSAPP_VERIFY_TOKEN: 'y',
};

const problems = (extra: Record<string, string>): string => {
  try {
    parseEnv({ ...BASE, ...extra });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('SMTP settings', () => {
  it('none set: no e-mail, nothing fails', () => {
    expect(parseEnv(BASE).smtp).toBeNull();
  });

  it('SMTP_URL with SMTP_FROM', () => {
    expect(parseEnv({ ...BASE, SMTP_URL: 'smtps://u:p@mail.example.it:465', SMTP_FROM: 'Avvisi <avvisi@comune.example.it>' }).smtp).toEqual({
      transport: 'smtps://u:p@mail.example.it:465',
      from: 'Avvisi <avvisi@comune.example.it>',
    });
  });

  it('SMTP_HOST: port follows SMTP_SECURE, login only when given', () => {
    expect(parseEnv({ ...BASE, SMTP_HOST: 'mail.example.it', SMTP_FROM: 'a@comune.example.it' }).smtp?.transport).toEqual({
      host: 'mail.example.it',
      port: 587,
      secure: false,
    });
    expect(
      parseEnv({ ...BASE, SMTP_HOST: 'mail.example.it', SMTP_SECURE: 'true', SMTP_USER: 'u', SMTP_PASSWORD: 'p', SMTP_FROM: 'a@comune.example.it' }).smtp
        ?.transport,
    ).toEqual({
      host: 'mail.example.it',
      port: 465,
      secure: true,
      auth: { user: 'u', pass: 'p' },
    });
  });

  it('names each mistake, never the password', () => {
    expect(problems({ SMTP_HOST: 'mail.example.it' })).toContain('SMTP_FROM is required');
    expect(problems({ SMTP_FROM: 'a@comune.example.it' })).toContain('neither SMTP_URL nor SMTP_HOST');
    expect(problems({ SMTP_URL: 'http://mail', SMTP_FROM: 'a@comune.example.it' })).toContain('SMTP_URL: must be an smtp:// or smtps:// URL');
    expect(problems({ SMTP_URL: 'smtp://mail', SMTP_HOST: 'mail', SMTP_FROM: 'a@comune.example.it' })).toContain('SMTP_URL and SMTP_HOST are alternatives');
    expect(problems({ SMTP_URL: 'smtp://mail', SMTP_PORT: '25', SMTP_FROM: 'a@comune.example.it' })).toContain('go with SMTP_HOST');
    const msg = problems({ SMTP_HOST: 'mail', SMTP_PASSWORD: 'topsecret-pw', SMTP_FROM: 'a@comune.example.it' });
    expect(msg).toContain('SMTP_USER and SMTP_PASSWORD go together');
    expect(msg).not.toContain('topsecret-pw');
    expect(problems({ SMTP_HOST: 'mail', SMTP_SECURE: 'maybe', SMTP_FROM: 'a@comune.example.it' })).toContain('SMTP_SECURE must be true');
    expect(problems({ SMTP_HOST: 'mail', SMTP_PORT: '99999', SMTP_FROM: 'a@comune.example.it' })).toContain('SMTP_PORT: must be a TCP port');
    expect(problems({ SMTP_HOST: 'mail', SMTP_FROM: 'Avvisi del Comune' })).toContain('SMTP_FROM must be an e-mail address');
  });
});
