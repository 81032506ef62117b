import argon2 from 'argon2';
import { AppError } from '../errors';
import { createWorkQueue, QueueFullError } from '../security/work-queue';
import { ARGON2_CONCURRENCY, ARGON2_MAX_WAITING, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './policy';

/**
 * Every argon2 hash and verification of the process goes through one bounded queue (policy.ts:
 * ARGON2_CONCURRENCY at once, ARGON2_MAX_WAITING waiting): a burst of logins cannot take every
 * core and all the memory (64 MiB each) from the process that also serves the webhook. When the
 * queue is full the caller gets PASSWORD_BUSY at once: an AppError('rate_limited'), 429 for routes;
 * the login form shows its message (app/(auth)/accedi/login-state.ts).
 */
const queue = createWorkQueue('argon2', { concurrency: ARGON2_CONCURRENCY, maxWaiting: ARGON2_MAX_WAITING });

export const PASSWORD_BUSY_MESSAGE = 'Troppi tentativi in corso, riprova tra poco.';

/** Counts of argon2 work actually started, for tests that prove a brake held (read-only view). */
const counters = { verify: 0, hash: 0 };
export const argon2Counters = (): Readonly<typeof counters> & ReturnType<typeof queue.stats> => ({ ...counters, ...queue.stats() });

async function queued<T>(job: () => Promise<T>): Promise<T> {
  try {
    return await queue.run(job);
  } catch (e) {
    if (e instanceof QueueFullError) throw new AppError('rate_limited', PASSWORD_BUSY_MESSAGE, { busy: true });
    throw e;
  }
}

export const isPasswordBusy = (e: unknown): boolean => e instanceof AppError && e.code === 'rate_limited' && e.details?.busy === true;

/** argon2id with the library's defaults (64 MiB, 3 passes, 4 lanes): OWASP's recommended family. */
export async function hashPassword(password: string): Promise<string> {
  return queued(() => {
    counters.hash += 1;
    return argon2.hash(password, { type: argon2.argon2id });
  });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return queued(async () => {
    counters.verify += 1;
    try {
      return await argon2.verify(hash, password);
    } catch {
      // A malformed stored hash must read as "wrong password", never as a crash or a pass.
      return false;
    }
  });
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real check for emails that do not exist (or accounts that may not log
 * in), so response times do not reveal which addresses have an account.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword(`dummy-${Math.random()}`).catch((e: unknown) => {
    dummy = undefined; // a busy queue at the first call must not poison every later one
    throw e;
  });
  await verifyPassword(await dummy, password);
}

const COMMON = [
  'password',
  'passw0rd',
  'qwerty',
  '123456',
  'abc123',
  'letmein',
  'welcome',
  'admin',
  'iloveyou',
  'benvenuto',
  'comune',
  'banditore',
  'conegliano',
  'ciao',
  'amore',
  'juventus',
];

/** null when acceptable, otherwise the reason in Italian (shown under the field). */
export function passwordProblem(password: string, email: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `La password deve avere almeno ${PASSWORD_MIN_LENGTH} caratteri.`;
  if (password.length > PASSWORD_MAX_LENGTH) return `La password può avere al massimo ${PASSWORD_MAX_LENGTH} caratteri.`;
  const p = password.toLowerCase();
  const e = email.trim().toLowerCase();
  const local = e.split('@')[0] ?? '';
  if (p === e || (local.length >= 4 && p.includes(local))) return 'La password non può contenere il tuo indirizzo email.';
  if (new Set(p).size < 5) return 'La password ha troppi caratteri ripetuti: scegline una più varia.';
  const stripped = p.replace(/[^a-z]/g, '');
  if (COMMON.some((w) => stripped === w || (p.startsWith(w) && p.slice(w.length).replace(/[0-9!.?_-]/g, '') === ''))) {
    return 'Questa password è troppo comune: scegline una più difficile da indovinare.';
  }
  if (/^(0123456789|1234567890|abcdefghij)/.test(p)) return 'Questa password è troppo facile da indovinare.';
  return null;
}
