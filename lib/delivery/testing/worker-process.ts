/**
 * Starts `lib/worker/main.ts` as `npm run worker` does (same node flags) as a real child process against a given
 * database and Graph API (the simulator), for the crash and rate tests and the fan-out benchmark.
 * Configuration goes through the child's environment, exactly as an operator would set it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TEST_IDS } from '../../whatsapp/simulator/test-support';

export interface WorkerProcess {
  pid: number;
  /** Resolves when the worker says it started; rejects if it exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
  /** Resident memory in bytes (Linux /proc), 0 once gone. */
  rss(): number;
  kill(signal: NodeJS.Signals): void;
  output(): string;
}

export interface WorkerEnv {
  databaseUrl: string;
  graphUrl: string;
  /** Base64, the same key that encrypted the subscribers' numbers. */
  dataKey: string;
  /** DATA_ENCRYPTION_KEY_PREVIOUS (after a key rotation). */
  previousDataKeys?: string;
  maxInFlight?: number;
  leaseSeconds?: number;
  outcomeWaitSeconds?: number;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Extra node flags for the child (e.g. --cpu-prof when investigating). */
  nodeArgs?: string[];
}

/**
 * The node flags of the `worker` script in package.json (keep them in step). A worker's live heap
 * is ~40 MB; capping the old generation keeps collections short (a long GC pause would delay the
 * bytes of sends already started, bunching them on Meta's side) and memory flat over long sends.
 */
export const WORKER_NODE_FLAGS = ['--max-old-space-size=128'];

/** A complete production configuration (Meta settings, secrets) for a child process in a test. */
export function productionTestEnv(w: Pick<WorkerEnv, 'databaseUrl' | 'graphUrl' | 'dataKey'>): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: w.databaseUrl,
    WHATSAPP_GRAPH_URL: w.graphUrl,
    WHATSAPP_ACCESS_TOKEN: TEST_IDS.accessToken,
    WHATSAPP_APP_SECRET: TEST_IDS.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
    WHATSAPP_PHONE_NUMBER_ID: TEST_IDS.phoneNumberId,
    WHATSAPP_WABA_ID: TEST_IDS.wabaId,
    WHATSAPP_DISPLAY_NUMBER: `+${TEST_IDS.displayPhoneNumber}`,
    DATA_ENCRYPTION_KEY: w.dataKey,
    AUTH_SECRET: 'test-auth-secret-test-auth-secret-0123456789',
  };
}

/** The environment of a worker (or of the benchmark's web processes) for `w`. */
export function workerEnv(w: WorkerEnv): Record<string, string> {
  const env: Record<string, string> = {
    ...productionTestEnv(w),
    LOG_LEVEL: w.logLevel ?? 'warn',
    // Never fall back to a .env file or the checkout's embedded database.
    DATA_DIR: path.resolve('.data-worker-test-unused'),
  };
  if (w.maxInFlight) env.DELIVERY_MAX_IN_FLIGHT = String(w.maxInFlight);
  if (w.previousDataKeys) env.DATA_ENCRYPTION_KEY_PREVIOUS = w.previousDataKeys;
  if (w.leaseSeconds) env.DELIVERY_LEASE_SECONDS = String(w.leaseSeconds);
  if (w.outcomeWaitSeconds) env.DELIVERY_OUTCOME_WAIT_SECONDS = String(w.outcomeWaitSeconds);
  return env;
}

export function spawnWorker(w: WorkerEnv): WorkerProcess {
  const env = workerEnv(w);
  // node --import tsx: the pid we get is the worker itself (the tsx CLI would add a parent process).
  const child: ChildProcess = spawn(process.execPath, [...WORKER_NODE_FLAGS, ...(w.nodeArgs ?? []), '--import', 'tsx', path.resolve('lib/worker/main.ts')], {
    env: env as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before starting:\n${out.slice(-2000)}`)));
  });
  ready.catch(() => {});
  const collect = (d: Buffer) => {
    out += d.toString('utf8');
    if (out.length > 100_000) out = out.slice(-50_000);
    if (out.includes('worker avviato')) onReady();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    pid: child.pid ?? 0,
    ready,
    exited,
    rss() {
      try {
        const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return m ? Number(m[1]) * 1024 : 0;
      } catch {
        return 0;
      }
    },
    kill: (signal) => void child.kill(signal),
    output: () => out,
  };
}
