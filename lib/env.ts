import { z } from 'zod';

/**
 * The only reader of process.env. Every setting is validated here, once, with a message that says
 * what to fix. Two modes, chosen by startMode() before anything starts:
 * - demo/simulator: DEMO_MODE=true, or nothing real configured at all (the two-command demo). The
 *   launcher (lib/server/main.ts) fills in generated secrets kept under DATA_DIR and mounts the
 *   built-in WhatsApp simulator.
 * - production: WHATSAPP_ACCESS_TOKEN set. Every Meta setting and every secret must be given.
 * Anything in between (a database or a secret set but no token, a blank token, DEMO_MODE=true with a
 * token) refuses to start: the simulator must never run on real citizens' data by accident.
 */

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().optional());
const bool = (fallback: boolean) =>
  z.preprocess(
    (v) => (emptyToUndefined(v) === undefined ? fallback : v),
    z.union([z.boolean(), z.enum(['1', '0', 'true', 'false', 'yes', 'no'])]).transform((v) => (typeof v === 'boolean' ? v : ['1', 'true', 'yes'].includes(v))),
  );

const E164 = /^\+[1-9]\d{6,14}$/;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// connection URL')
      .optional(),
  ),
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(65535).default(3000)),
  HOST: z.preprocess(emptyToUndefined, z.string().default('127.0.0.1')),
  PUBLIC_URL: z.preprocess(emptyToUndefined, z.url('must be an absolute URL such as https://avvisi.comune.example.it').optional()),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('.data')),
  WHATSAPP_GRAPH_URL: z.preprocess(emptyToUndefined, z.url().default('https://graph.facebook.com')),
  WHATSAPP_GRAPH_VERSION: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^v\d+\.\d+$/, 'must look like v27.0')
      .default('v27.0'),
  ),
  WHATSAPP_PHONE_NUMBER_ID: optionalString,
  WHATSAPP_WABA_ID: optionalString,
  WHATSAPP_ACCESS_TOKEN: optionalString,
  WHATSAPP_APP_SECRET: optionalString,
  WHATSAPP_VERIFY_TOKEN: optionalString,
  WHATSAPP_DISPLAY_NUMBER: z.preprocess(emptyToUndefined, z.string().regex(E164, 'must be in E.164 form, e.g. +393204321474').optional()),
  DATA_ENCRYPTION_KEY: optionalString,
  DATA_ENCRYPTION_KEY_PREVIOUS: optionalString,
  AUTH_SECRET: optionalString,
  OIDC_ISSUER: z.preprocess(emptyToUndefined, z.url('must be the issuer URL of the identity provider').optional()),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_NAME: optionalString,
  WORKER_IN_PROCESS: bool(true),
  DELIVERY_MAX_IN_FLIGHT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(256)),
  DELIVERY_LEASE_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(1).max(600).default(30)),
  DELIVERY_OUTCOME_WAIT_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().min(1).max(3600).default(20)),
  TRUST_PROXY: bool(false),
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(24, 'must be at least 24 characters (openssl rand -base64 32)').optional()),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  // E-mail to staff (notifications, password reset); checked together in parseSmtp().
  SMTP_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^smtps?:\/\/[^/\s]+/, 'must be an smtp:// or smtps:// URL, e.g. smtps://user:password@mail.comune.example.it:465')
      .optional(),
  ),
  SMTP_HOST: optionalString,
  SMTP_PORT: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int().min(1, 'must be a TCP port (1-65535)').max(65535, 'must be a TCP port (1-65535)').optional(),
  ),
  SMTP_USER: optionalString,
  SMTP_PASSWORD: optionalString,
  SMTP_SECURE: optionalString,
  SMTP_FROM: optionalString,
  // Checked by startMode(), which parseEnv() calls first.
  DEMO_MODE: optionalString,
});

type RawEnv = z.infer<typeof schema>;

export interface WhatsAppConfig {
  mode: 'meta' | 'simulator';
  graphUrl: string;
  graphVersion: string;
  phoneNumberId: string;
  wabaId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  /** E.164 with '+'. */
  displayNumber: string;
}

/** Optional single sign-on of the comune (OpenID Connect); staff must already exist by email. */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the login button: "Accedi con <name>". */
  name: string;
}

/**
 * The comune's SMTP server for e-mail to staff. Unset: no e-mail is sent and the dashboard shows the
 * same notices (nothing fails).
 */
export interface SmtpConfig {
  /** An smtp:// or smtps:// URL (SMTP_URL), or host/port/secure/auth from SMTP_HOST and the rest. */
  transport: string | { host: string; port: number; secure: boolean; auth?: { user: string; pass: string } };
  /** The sender, e.g. "Avvisi del Comune <avvisi@comune.example.it>". */
  from: string;
}

/** Tuning of the alert sender (docs/delivery.md). */
export interface DeliveryConfig {
  /** Sends per worker process between "request started" and "result stored": the duplicate bound per crash. */
  maxInFlight: number;
  /** How long a claimed delivery belongs to its worker. */
  leaseMs: number;
  /** How long a send with an unknown outcome waits for Meta's status webhook before it is sent again. */
  outcomeWaitMs: number;
}

export interface Env {
  nodeEnv: RawEnv['NODE_ENV'];
  databaseUrl: string;
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  whatsapp: WhatsAppConfig;
  /** 32 bytes: the current key, which encrypts. */
  dataEncryptionKey: Buffer;
  /** Older keys, oldest first (DATA_ENCRYPTION_KEY_PREVIOUS): they decrypt and link the look-up chain (docs/security.md). */
  previousDataEncryptionKeys: Buffer[];
  authSecret: string;
  oidc: OidcConfig | null;
  workerInProcess: boolean;
  delivery: DeliveryConfig;
  trustProxy: boolean;
  /** Bearer token for GET /metrics; null: /metrics answers only on loopback (lib/server/metrics-http.ts). */
  metricsToken: string | null;
  logLevel: RawEnv['LOG_LEVEL'];
  smtp: SmtpConfig | null;
}

export class ConfigError extends Error {
  constructor(
    public readonly problems: string[],
    heading = 'Invalid configuration:',
  ) {
    super(`${heading}\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example.`);
    this.name = 'ConfigError';
  }
}

/** A start refused because the mode is unsafe or contradictory: one Italian sentence for the operator. */
export class StartRefusedError extends ConfigError {
  constructor(reason: string) {
    super([reason], 'Banditore non parte:');
    this.message = `Banditore non parte: ${reason}\nVedi .env.example e il README ("Demo mode and the data key").`;
    this.name = 'StartRefusedError';
  }
}

/** Settings that only a real installation has: with any of them and no token, the demo is refused. */
export const REAL_SETTINGS = [
  'DATABASE_URL',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_WABA_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'DATA_ENCRYPTION_KEY',
  'DATA_ENCRYPTION_KEY_PREVIOUS',
  'AUTH_SECRET',
  'OIDC_CLIENT_SECRET',
] as const;

/** What the real WhatsApp Cloud API mode needs (DATABASE_URL aside: unset, the launcher embeds one). */
const PRODUCTION_REQUIRED = [
  'WHATSAPP_ACCESS_TOKEN',
  'WHATSAPP_PHONE_NUMBER_ID',
  'WHATSAPP_WABA_ID',
  'WHATSAPP_APP_SECRET',
  'WHATSAPP_VERIFY_TOKEN',
  'WHATSAPP_DISPLAY_NUMBER',
  'DATA_ENCRYPTION_KEY',
  'AUTH_SECRET',
] as const;

export interface StartMode {
  /** Simulator instead of Meta, generated secrets where unset. */
  demo: boolean;
  /** Demo chosen because nothing at all is configured (DEMO_MODE unset): the launcher says so loudly. */
  implicit: boolean;
}

const isSet = (v: string | undefined) => v !== undefined && v.trim() !== '';
const list = (names: readonly string[]) => names.join(', ');

/**
 * Demo or production, from the operator's own settings (call it before the launcher fills anything
 * in). Throws StartRefusedError, in Italian, for every unsafe or contradictory combination.
 */
export function startMode(source: Record<string, string | undefined>): StartMode {
  const demoText = source.DEMO_MODE?.trim().toLowerCase() ?? '';
  let demoMode: boolean | undefined;
  if (['true', '1', 'yes'].includes(demoText)) demoMode = true;
  else if (['false', '0', 'no'].includes(demoText)) demoMode = false;
  else if (demoText !== '') throw new StartRefusedError(`DEMO_MODE deve essere true oppure false (trovato "${source.DEMO_MODE}").`);

  const token = source.WHATSAPP_ACCESS_TOKEN;
  if (token !== undefined && token !== '' && token.trim() === '') {
    throw new StartRefusedError(
      'WHATSAPP_ACCESS_TOKEN contiene solo spazi. Per l’ambiente reale imposta il token di accesso di Meta; per una prova con il telefono simulato togli WHATSAPP_ACCESS_TOKEN e imposta DEMO_MODE=true.',
    );
  }
  if (isSet(token)) {
    if (demoMode === true) {
      throw new StartRefusedError(
        'DEMO_MODE=true e WHATSAPP_ACCESS_TOKEN sono impostati insieme: il simulatore non si usa con le credenziali reali di Meta. Per l’ambiente reale togli DEMO_MODE; per una prova togli WHATSAPP_ACCESS_TOKEN.',
      );
    }
    return { demo: false, implicit: false };
  }
  if (demoMode === true) return { demo: true, implicit: false };
  if (demoMode === false) {
    const missing = PRODUCTION_REQUIRED.filter((n) => !isSet(source[n]));
    throw new StartRefusedError(
      `DEMO_MODE=false chiede l’ambiente reale (WhatsApp Cloud API di Meta), ma manca${missing.length > 1 ? 'no' : ''}: ${list(missing)}. Imposta${missing.length > 1 ? 'li' : 'lo'} (vedi .env.example), oppure togli DEMO_MODE=false per una prova.`,
    );
  }
  const real = REAL_SETTINGS.filter((n) => isSet(source[n]));
  if (real.length > 0) {
    const missing = PRODUCTION_REQUIRED.filter((n) => !isSet(source[n]));
    throw new StartRefusedError(
      `${list(real)} ${real.length > 1 ? 'sono impostati' : 'è impostato'} ma manca WHATSAPP_ACCESS_TOKEN. Per l’ambiente reale imposta ${list(missing)}; per una prova con il telefono simulato (mai con i dati dei cittadini) imposta DEMO_MODE=true.`,
    );
  }
  return { demo: true, implicit: true };
}

/** startMode() of this process's environment. */
export function processStartMode(): StartMode {
  return startMode(process.env);
}

/** Parses a 32-byte key given as base64 (44 chars) or hex (64 chars). */
export function parseKey(value: string): Buffer | null {
  const v = value.trim();
  const buf = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
  return buf.length === 32 ? buf : null;
}

/**
 * DATA_ENCRYPTION_KEY_PREVIOUS: the keys DATA_ENCRYPTION_KEY replaced, comma-separated, oldest first
 * (the order of the look-up chain, docs/security.md "Keys and rotation"). Each must be a valid key,
 * none twice, none equal to the current one; problems name the position, never the key.
 */
function parsePreviousKeys(text: string | undefined, current: Buffer | null, problems: string[]): Buffer[] {
  if (text === undefined) return [];
  const items = text.split(',').map((s) => s.trim());
  const keys: Buffer[] = [];
  items.forEach((item, i) => {
    const where = `DATA_ENCRYPTION_KEY_PREVIOUS item ${i + 1} of ${items.length}`;
    if (item === '') return problems.push(`${where} is empty (comma-separated keys, oldest first, no empty items)`);
    const k = parseKey(item);
    if (!k) return problems.push(`${where} must be 32 bytes, base64 or hex (a key this installation used before)`);
    if (current && k.equals(current)) return problems.push(`${where} is DATA_ENCRYPTION_KEY itself: list only the keys it replaced`);
    const twice = keys.findIndex((o) => o.equals(k));
    if (twice >= 0) return problems.push(`${where} repeats item ${twice + 1}: list each previous key once`);
    keys.push(k);
  });
  return keys;
}

/** The simulator's built-in ids: not secrets, only names inside the local stand-in. */
export const SIMULATOR_DEFAULTS = {
  phoneNumberId: '100000000000001',
  wabaId: '200000000000001',
  displayNumber: '+393200000000',
  basePath: '/simulatore',
} as const;

const MAIL_ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** SMTP_*: all or nothing, with one precise message per problem (the password is never echoed). */
function parseSmtp(raw: RawEnv, problems: string[]): SmtpConfig | null {
  const given = (['SMTP_URL', 'SMTP_HOST', 'SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE', 'SMTP_FROM'] as const).filter((n) => raw[n] !== undefined);
  if (given.length === 0) return null;
  const before = problems.length;
  if (raw.SMTP_URL && raw.SMTP_HOST)
    problems.push('SMTP_URL and SMTP_HOST are alternatives: set SMTP_URL alone, or SMTP_HOST with SMTP_PORT/SMTP_USER/SMTP_PASSWORD/SMTP_SECURE');
  if (raw.SMTP_URL && given.some((n) => ['SMTP_PORT', 'SMTP_USER', 'SMTP_PASSWORD', 'SMTP_SECURE'].includes(n))) {
    problems.push('SMTP_PORT, SMTP_USER, SMTP_PASSWORD and SMTP_SECURE go with SMTP_HOST; with SMTP_URL put them in the URL');
  }
  if (!raw.SMTP_URL && !raw.SMTP_HOST)
    problems.push(
      `${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} set but neither SMTP_URL nor SMTP_HOST: set one of them, or remove the SMTP settings`,
    );
  if ((raw.SMTP_USER === undefined) !== (raw.SMTP_PASSWORD === undefined))
    problems.push('SMTP_USER and SMTP_PASSWORD go together: set both, or neither for a server without login');
  let secure: boolean | undefined;
  if (raw.SMTP_SECURE !== undefined) {
    const v = raw.SMTP_SECURE.trim().toLowerCase();
    if (['1', 'true', 'yes'].includes(v)) secure = true;
    else if (['0', 'false', 'no'].includes(v)) secure = false;
    else problems.push(`SMTP_SECURE must be true (TLS from the start, usually port 465) or false (STARTTLS, usually 587), not "${raw.SMTP_SECURE}"`);
  }
  const from = raw.SMTP_FROM?.trim();
  const address = from?.match(/<([^<>]+)>\s*$/)?.[1] ?? from;
  if (!from) problems.push('SMTP_FROM is required with SMTP_URL or SMTP_HOST: the sender, e.g. "Avvisi del Comune <avvisi@comune.example.it>"');
  else if (!address || !MAIL_ADDRESS.test(address))
    problems.push('SMTP_FROM must be an e-mail address, optionally with a name: "Avvisi del Comune <avvisi@comune.example.it>"');
  if (problems.length > before || !from) return null;
  if (raw.SMTP_URL) return { transport: raw.SMTP_URL, from };
  const isSecure = secure ?? raw.SMTP_PORT === 465;
  return {
    transport: {
      host: raw.SMTP_HOST as string,
      port: raw.SMTP_PORT ?? (isSecure ? 465 : 587),
      secure: isSecure,
      ...(raw.SMTP_USER !== undefined ? { auth: { user: raw.SMTP_USER, pass: raw.SMTP_PASSWORD as string } } : {}),
    },
    from,
  };
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const raw = parsed.data;
  const problems: string[] = [];
  const simulator = startMode(source).demo;
  const need = (name: keyof RawEnv, why: string): string => {
    const v = raw[name];
    if (typeof v !== 'string' || v === '') {
      problems.push(`${name} is required ${why}`);
      return '';
    }
    return v;
  };
  const inProduction = 'when WHATSAPP_ACCESS_TOKEN is set (real Meta Cloud API)';
  const always = simulator ? '(the launcher generates it in demo mode)' : '(set it yourself: openssl rand -base64 32)';

  if (!raw.DATABASE_URL) problems.push('DATABASE_URL is required (npm start starts an embedded PostgreSQL when it is unset)');
  const keyText = need('DATA_ENCRYPTION_KEY', always);
  const key = keyText ? parseKey(keyText) : null;
  if (keyText && !key) problems.push('DATA_ENCRYPTION_KEY must be 32 bytes, base64 or hex (openssl rand -base64 32)');
  const previousKeys = parsePreviousKeys(raw.DATA_ENCRYPTION_KEY_PREVIOUS, key, problems);
  const authSecret = need('AUTH_SECRET', always);
  if (authSecret && authSecret.length < 32) problems.push('AUTH_SECRET must be at least 32 characters (openssl rand -base64 32)');
  const appSecret = need('WHATSAPP_APP_SECRET', simulator ? always : inProduction);
  const verifyToken = need('WHATSAPP_VERIFY_TOKEN', simulator ? always : inProduction);

  let oidc: OidcConfig | null = null;
  const oidcSet = [raw.OIDC_ISSUER, raw.OIDC_CLIENT_ID, raw.OIDC_CLIENT_SECRET];
  if (oidcSet.some(Boolean) || raw.OIDC_NAME) {
    if (!oidcSet.every(Boolean)) {
      problems.push('OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET go together: set all three for single sign-on, or none');
    } else {
      oidc = {
        issuer: (raw.OIDC_ISSUER as string).replace(/\/+$/, ''),
        clientId: raw.OIDC_CLIENT_ID as string,
        clientSecret: raw.OIDC_CLIENT_SECRET as string,
        name: raw.OIDC_NAME ?? 'accesso unico del Comune',
      };
    }
  }

  const smtp = parseSmtp(raw, problems);

  const port = raw.PORT;
  const publicUrl = (raw.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let whatsapp: WhatsAppConfig;
  if (simulator) {
    whatsapp = {
      mode: 'simulator',
      graphUrl: `http://127.0.0.1:${port}${SIMULATOR_DEFAULTS.basePath}`,
      graphVersion: raw.WHATSAPP_GRAPH_VERSION,
      phoneNumberId: raw.WHATSAPP_PHONE_NUMBER_ID ?? SIMULATOR_DEFAULTS.phoneNumberId,
      wabaId: raw.WHATSAPP_WABA_ID ?? SIMULATOR_DEFAULTS.wabaId,
      // The simulator checks a bearer token like Meta; in demo mode it is the app secret.
      accessToken: appSecret,
      appSecret,
      verifyToken,
      displayNumber: raw.WHATSAPP_DISPLAY_NUMBER ?? SIMULATOR_DEFAULTS.displayNumber,
    };
  } else {
    whatsapp = {
      mode: 'meta',
      graphUrl: raw.WHATSAPP_GRAPH_URL.replace(/\/+$/, ''),
      graphVersion: raw.WHATSAPP_GRAPH_VERSION,
      phoneNumberId: need('WHATSAPP_PHONE_NUMBER_ID', inProduction),
      wabaId: need('WHATSAPP_WABA_ID', inProduction),
      accessToken: raw.WHATSAPP_ACCESS_TOKEN ?? '',
      appSecret,
      verifyToken,
      displayNumber: need('WHATSAPP_DISPLAY_NUMBER', inProduction),
    };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    nodeEnv: raw.NODE_ENV,
    databaseUrl: raw.DATABASE_URL ?? '',
    port,
    host: raw.HOST,
    publicUrl,
    dataDir: raw.DATA_DIR,
    whatsapp,
    dataEncryptionKey: key as Buffer,
    previousDataEncryptionKeys: previousKeys,
    authSecret,
    oidc,
    workerInProcess: raw.WORKER_IN_PROCESS,
    delivery: {
      maxInFlight: raw.DELIVERY_MAX_IN_FLIGHT,
      leaseMs: Math.round(raw.DELIVERY_LEASE_SECONDS * 1000),
      outcomeWaitMs: Math.round(raw.DELIVERY_OUTCOME_WAIT_SECONDS * 1000),
    },
    trustProxy: raw.TRUST_PROXY,
    metricsToken: raw.METRICS_TOKEN ?? null,
    logLevel: raw.LOG_LEVEL,
    smtp,
  };
}

let cached: Env | undefined;

/** The validated configuration of this process. Throws ConfigError with every problem at once. */
export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Pre-validation view used by the launcher to decide what to start (embedded db, simulator). */
export function rawSetting(name: 'DATABASE_URL' | 'WHATSAPP_ACCESS_TOKEN' | 'DATA_DIR' | 'NODE_ENV'): string | undefined {
  const v = process.env[name];
  return v && v.trim() !== '' ? v : undefined;
}

/**
 * The launcher fills in what demo mode generates (embedded database URL, demo secrets, DEMO_MODE=true
 * once startMode() chose the demo) before the first getEnv(). Only unset variables are filled, so the
 * operator's values always win.
 */
export function provideDefaults(values: Record<string, string>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!process.env[k] || process.env[k]?.trim() === '') process.env[k] = v;
  }
  cached = undefined;
}

/**
 * next-auth 4 reads its base URL (NEXTAUTH_URL) and secret from process.env in places where options
 * cannot reach (origin detection, the JWT helpers). lib/auth/next-auth-options.ts calls this before
 * building its options, so the values always come from the validated configuration: PUBLIC_URL and
 * AUTH_SECRET. Nothing else should set them.
 */
export function exportNextAuthEnv(env: Env): void {
  process.env.NEXTAUTH_URL = `${env.publicUrl}/api/auth`;
  process.env.NEXTAUTH_SECRET = env.authSecret;
}

/** Loads a .env file if present (Node's own parser); real environment variables win. */
export function loadDotEnv(file = '.env'): void {
  try {
    process.loadEnvFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
