import { describe, expect, it } from 'vitest';
import { parseEnv, REAL_SETTINGS, startMode, StartRefusedError } from './env';

/**
 * When Banditore runs the simulator (demo) and when it refuses to start (lib/env.ts startMode): the
 * simulator's control API can write as any citizen, so a real installation must never fall into it.
 */
const KEY = 'a'.repeat(64);
const SECRET = 's'.repeat(40);
const REAL_VALUES: Record<(typeof REAL_SETTINGS)[number], string> = {
  DATABASE_URL: 'postgresql://banditore:x@db.example.it:5432/banditore',
  WHATSAPP_PHONE_NUMBER_ID: '123456789012345',
  WHATSAPP_WABA_ID: '987654321098765',
  WHATSAPP_APP_SECRET: 'app-secret',
  WHATSAPP_VERIFY_TOKEN: 'verify-token',
  DATA_ENCRYPTION_KEY: KEY,
  DATA_ENCRYPTION_KEY_PREVIOUS: 'b'.repeat(64),
  AUTH_SECRET: SECRET,
  OIDC_CLIENT_SECRET: 'oidc-secret',
};
const PRODUCTION = {
  ...REAL_VALUES,
  WHATSAPP_ACCESS_TOKEN: 'EAAG-real-token',
  WHATSAPP_DISPLAY_NUMBER: '+393204321474',
  OIDC_CLIENT_SECRET: undefined,
};

const refusal = (source: Record<string, string | undefined>): string => {
  try {
    startMode(source);
  } catch (e) {
    expect(e).toBeInstanceOf(StartRefusedError);
    return (e as Error).message;
  }
  throw new Error(`expected a refusal for ${JSON.stringify(source)}`);
};

describe('startMode', () => {
  it('nothing configured and DEMO_MODE unset: the two-command demo, marked as implicit', () => {
    expect(startMode({})).toEqual({ demo: true, implicit: true });
    // Blank values are "not configured" (an empty line of .env.example), as are unrelated settings.
    expect(startMode({ DATABASE_URL: '', WHATSAPP_ACCESS_TOKEN: '', PORT: '3100', PUBLIC_URL: 'http://localhost:3100' })).toEqual({
      demo: true,
      implicit: true,
    });
  });

  it('DEMO_MODE=true: the demo, also on an external database and with the operator’s own secrets', () => {
    expect(startMode({ DEMO_MODE: 'true' })).toEqual({ demo: true, implicit: false });
    expect(startMode({ DEMO_MODE: 'true', ...REAL_VALUES })).toEqual({ demo: true, implicit: false });
    expect(startMode({ DEMO_MODE: ' TRUE ', DATABASE_URL: REAL_VALUES.DATABASE_URL })).toEqual({ demo: true, implicit: false });
  });

  it('a token: production, with DEMO_MODE unset or false', () => {
    expect(startMode(PRODUCTION)).toEqual({ demo: false, implicit: false });
    expect(startMode({ ...PRODUCTION, DEMO_MODE: 'false' })).toEqual({ demo: false, implicit: false });
    expect(startMode({ WHATSAPP_ACCESS_TOKEN: 'EAAG' })).toEqual({ demo: false, implicit: false });
  });

  it('DATABASE_URL without a token and without DEMO_MODE=true refuses, saying what to set', () => {
    const m = refusal({ DATABASE_URL: REAL_VALUES.DATABASE_URL });
    expect(m).toMatch(/^Banditore non parte: DATABASE_URL è impostato ma manca WHATSAPP_ACCESS_TOKEN\. /);
    expect(m).toContain('Per l’ambiente reale imposta WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_WABA_ID');
    expect(m).toContain('imposta DEMO_MODE=true');
  });

  it.each(REAL_SETTINGS)('%s alone without a token refuses too', (name) => {
    expect(refusal({ [name]: REAL_VALUES[name] })).toContain(`${name} è impostato ma manca WHATSAPP_ACCESS_TOKEN`);
  });

  it('names every real setting it found, and only what is still missing', () => {
    const m = refusal(REAL_VALUES);
    expect(m).toContain(`${REAL_SETTINGS.join(', ')} sono impostati ma manca WHATSAPP_ACCESS_TOKEN`);
    expect(m).toContain('Per l’ambiente reale imposta WHATSAPP_ACCESS_TOKEN, WHATSAPP_DISPLAY_NUMBER;');
  });

  it('a token of only spaces is a configuration error, never the demo', () => {
    for (const token of [' ', '   ', '\t', '\n']) {
      for (const extra of [{}, { DEMO_MODE: 'true' }, { DATABASE_URL: REAL_VALUES.DATABASE_URL }]) {
        expect(refusal({ WHATSAPP_ACCESS_TOKEN: token, ...extra })).toMatch(/WHATSAPP_ACCESS_TOKEN contiene solo spazi/);
      }
    }
  });

  it('DEMO_MODE=true with a real token is a contradiction', () => {
    expect(refusal({ ...PRODUCTION, DEMO_MODE: 'true' })).toMatch(/DEMO_MODE=true e WHATSAPP_ACCESS_TOKEN sono impostati insieme/);
    expect(refusal({ WHATSAPP_ACCESS_TOKEN: 'EAAG', DEMO_MODE: '1' })).toMatch(/sono impostati insieme: il simulatore non si usa/);
  });

  it('DEMO_MODE=false with nothing configured refuses, listing what is missing', () => {
    expect(refusal({ DEMO_MODE: 'false' })).toBe(
      'Banditore non parte: DEMO_MODE=false chiede l’ambiente reale (WhatsApp Cloud API di Meta), ma mancano: WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_WABA_ID, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN, WHATSAPP_DISPLAY_NUMBER, DATA_ENCRYPTION_KEY, AUTH_SECRET. Impostali (vedi .env.example), oppure togli DEMO_MODE=false per una prova.\nVedi .env.example e il README ("Demo mode and the data key").',
    );
    expect(refusal({ DEMO_MODE: 'false', ...REAL_VALUES, WHATSAPP_DISPLAY_NUMBER: '+393204321474' })).toContain('ma manca: WHATSAPP_ACCESS_TOKEN.');
  });

  it('DEMO_MODE must be true or false', () => {
    expect(refusal({ DEMO_MODE: 'forse' })).toContain('DEMO_MODE deve essere true oppure false (trovato "forse")');
  });
});

describe('parseEnv applies the same rules', () => {
  it('production with every setting: real Meta', () => {
    expect(parseEnv(PRODUCTION).whatsapp).toMatchObject({ mode: 'meta', accessToken: 'EAAG-real-token' });
  });

  it('the same settings without the token refuse instead of mounting the simulator', () => {
    expect(() => parseEnv({ ...PRODUCTION, WHATSAPP_ACCESS_TOKEN: undefined })).toThrow(StartRefusedError);
    expect(() => parseEnv({ ...PRODUCTION, WHATSAPP_ACCESS_TOKEN: '  ' })).toThrow(/solo spazi/);
  });

  it('demo as the launcher leaves it (DEMO_MODE=true, generated secrets): the simulator', () => {
    const env = parseEnv({
      DEMO_MODE: 'true',
      DATABASE_URL: REAL_VALUES.DATABASE_URL,
      DATA_ENCRYPTION_KEY: KEY,
      AUTH_SECRET: SECRET,
      WHATSAPP_APP_SECRET: 'g',
      WHATSAPP_VERIFY_TOKEN: 'v',
    });
    expect(env.whatsapp).toMatchObject({ mode: 'simulator', accessToken: 'g' });
  });
});

describe('DATA_ENCRYPTION_KEY_PREVIOUS (key rotation)', () => {
  const b64 = (fill: number) => Buffer.alloc(32, fill).toString('base64');
  const problems = (previous: string): string => {
    try {
      parseEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY_PREVIOUS: previous });
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('parses older keys, oldest first, hex or base64', () => {
    const env = parseEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY_PREVIOUS: ` ${b64(1)} , ${'c'.repeat(64)}` });
    expect(env.previousDataEncryptionKeys.map((k) => k.toString('hex'))).toEqual([Buffer.alloc(32, 1).toString('hex'), 'c'.repeat(64)]);
    expect(parseEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY_PREVIOUS: undefined }).previousDataEncryptionKeys).toEqual([]);
    expect(parseEnv({ ...PRODUCTION, DATA_ENCRYPTION_KEY_PREVIOUS: '  ' }).previousDataEncryptionKeys).toEqual([]);
  });

  it('names the item that is wrong, never its value', () => {
    expect(problems(`${b64(1)},short`)).toContain('DATA_ENCRYPTION_KEY_PREVIOUS item 2 of 2 must be 32 bytes, base64 or hex');
    expect(problems(`${b64(1)},,${b64(2)}`)).toContain('DATA_ENCRYPTION_KEY_PREVIOUS item 2 of 3 is empty');
    expect(problems(`${b64(1)},${KEY}`)).toContain('DATA_ENCRYPTION_KEY_PREVIOUS item 2 of 2 is DATA_ENCRYPTION_KEY itself');
    expect(problems(`${b64(1)},${Buffer.alloc(32, 1).toString('hex')}`)).toContain('DATA_ENCRYPTION_KEY_PREVIOUS item 2 of 2 repeats item 1');
    expect(problems('short')).not.toContain('short,');
  });

  it('is a real setting: without a Meta token it refuses the demo', () => {
    expect(refusal({ DATA_ENCRYPTION_KEY_PREVIOUS: b64(1) })).toContain('DATA_ENCRYPTION_KEY_PREVIOUS è impostato ma manca WHATSAPP_ACCESS_TOKEN');
  });
});
