import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../whatsapp/simulator/test-support';
import { createTestDatabase } from '../testing/test-context';

/**
 * The compiled worker and CLI (scripts/build-runtime.mjs, the same build `npm run build` runs)
 * started through scripts/launch.mjs as `npm run worker` / `npm run cli` start them, with plain
 * node and production settings against a real database, under the guard that refuses and records
 * any TypeScript load (e2e/support/no-typescript-guard.mjs; the compiled server is checked by
 * e2e/compiled-runtime.spec.ts, as it needs the Next.js build). And the launcher's rule when
 * nothing is built: production refuses, telling the operator to run `npm run build`.
 */
const root = path.resolve(import.meta.dirname, '../..');
// Inside the checkout: the compiled files find package.json and prisma/migrations upward from it.
const scratch = path.join(root, '.data-compiled-test');
const guard = path.join(root, 'e2e/support/no-typescript-guard.mjs');
/** The guard's rule: TypeScript files, tsx, and Next.js's SWC compiler (it transpiles next.config.ts). */
const isTypeScript = (file: string) =>
  /\.[cm]?tsx?$/.test(file) || /[\\/]node_modules[\\/](tsx|@next[\\/]swc-[^\\/]+)[\\/]|[\\/]next[\\/]dist[\\/]build[\\/]swc[\\/]/.test(file);
const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function run(args: string[], opts: { env: Record<string, string>; cwd?: string }): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { PATH, HOME: os.homedir(), ...opts.env } as Record<string, string> as NodeJS.ProcessEnv, cwd: opts.cwd ?? scratch, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

async function guardReport(dir: string) {
  const status = JSON.parse(await readFile(path.join(dir, 'status.json'), 'utf8')) as {
    argv: string[];
    execArgv: string[];
    requireExtensions: string[];
    violations: string[];
  };
  const lines = (await readFile(path.join(dir, 'loads.log'), 'utf8')).trim().split('\n');
  const files = lines.filter((l) => /^(import|require) /.test(l)).map((l) => l.slice(l.indexOf(' ') + 1));
  return { status, files, violations: [...status.violations, ...lines.filter((l) => l.startsWith('violation'))] };
}

let databaseUrl: string;
let productionEnv: Record<string, string>;

beforeAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await mkdir(path.join(scratch, 'scripts'), { recursive: true });
  await copyFile(path.join(root, 'scripts/launch.mjs'), path.join(scratch, 'scripts/launch.mjs'));
  const built = await run([path.join(root, 'scripts/build-runtime.mjs'), `--outdir=${path.join(scratch, 'dist')}`], { env: {}, cwd: root });
  expect(built.stderr).toBe('');
  expect(built.code).toBe(0);
  databaseUrl = await createTestDatabase();
  productionEnv = {
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    WHATSAPP_GRAPH_URL: 'http://127.0.0.1:9',
    WHATSAPP_ACCESS_TOKEN: TEST_IDS.accessToken,
    WHATSAPP_APP_SECRET: TEST_IDS.appSecret,
    WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
    WHATSAPP_PHONE_NUMBER_ID: TEST_IDS.phoneNumberId,
    WHATSAPP_WABA_ID: TEST_IDS.wabaId,
    WHATSAPP_DISPLAY_NUMBER: `+${TEST_IDS.displayPhoneNumber}`,
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    AUTH_SECRET: 'test-auth-secret-test-auth-secret-0123456789',
    LOG_LEVEL: 'warn',
    DATA_DIR: path.join(scratch, 'data-unused'),
  };
}, 120_000);
afterAll(() => rm(scratch, { recursive: true, force: true }));

describe('the compiled worker', () => {
  it('starts with plain node through the launcher, loads no TypeScript, beats and stops cleanly', { timeout: 90_000 }, async () => {
    const guardDir = path.join(scratch, 'guard-worker');
    const tmp = path.join(scratch, 'tmp-worker');
    await mkdir(tmp, { recursive: true });
    // The flags of `npm run worker` (package.json), plus the guard.
    const child = spawn(process.execPath, ['--max-old-space-size=128', '--import', guard, path.join(scratch, 'scripts/launch.mjs'), 'worker'], {
      cwd: scratch,
      env: { PATH, HOME: os.homedir(), TMPDIR: tmp, NO_TS_GUARD_DIR: guardDir, ...productionEnv } as Record<string, string> as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      const collect = (d: Buffer) => {
        out += d.toString('utf8');
        if (out.includes('worker avviato')) resolve();
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      void exited.then((code) => reject(new Error(`worker exited (${code}) before starting:\n${out}`)));
    });
    const heartbeat = path.join(tmp, 'banditore-worker.heartbeat');
    expect(JSON.parse(await readFile(heartbeat, 'utf8'))).toMatchObject({ pid: child.pid });

    await new Promise((r) => setTimeout(r, 700)); // the guard's status is rewritten every 500 ms
    const { status, files, violations } = await guardReport(guardDir);
    expect(status.execArgv).toEqual(['--max-old-space-size=128', '--import', guard]);
    expect(status.requireExtensions.sort()).toEqual(['.js', '.json', '.node']);
    expect(violations).toEqual([]);
    expect(files.filter(isTypeScript)).toEqual([]);
    expect(files).toContain(path.join(scratch, 'dist', 'worker.mjs'));
    expect(files.some((f) => f.includes(`${path.sep}node_modules${path.sep}pg-boss${path.sep}`))).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(heartbeat)).toBe(false);
  });
});

describe('the compiled CLI', () => {
  it('runs a command against the database with plain node and loads no TypeScript', { timeout: 60_000 }, async () => {
    const guardDir = path.join(scratch, 'guard-cli');
    const r = await run(['--import', guard, path.join(scratch, 'scripts/launch.mjs'), 'cli', 'delivery:status'], {
      env: { ...productionEnv, NO_TS_GUARD_DIR: guardDir },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Velocità massima:');
    const { status, files, violations } = await guardReport(guardDir);
    expect(status.argv.slice(1)).toEqual([path.join(scratch, 'scripts/launch.mjs'), 'delivery:status']);
    expect(violations).toEqual([]);
    expect(files.filter(isTypeScript)).toEqual([]);
    expect(files).toContain(path.join(scratch, 'dist', 'cli.mjs'));
  });
});

describe('the guard (control)', () => {
  it('does catch TypeScript: the CLI from source through tsx fails under it and is recorded', { timeout: 60_000 }, async () => {
    const guardDir = path.join(scratch, 'guard-control');
    const r = await run(['--import', guard, '--import', 'tsx', path.join(root, 'lib/cli/main.ts')], { env: { NO_TS_GUARD_DIR: guardDir }, cwd: root });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('no-typescript guard:');
    const { violations } = await guardReport(guardDir);
    expect(violations.length).toBeGreaterThan(0);
  });
});

describe('the launcher with nothing built', () => {
  let bare: string;
  beforeAll(async () => {
    bare = await mkdtemp(path.join(os.tmpdir(), 'banditore-unbuilt-'));
    await mkdir(path.join(bare, 'scripts'));
    await copyFile(path.join(root, 'scripts/launch.mjs'), path.join(bare, 'scripts/launch.mjs'));
  });
  afterAll(() => rm(bare, { recursive: true, force: true }));
  const launch = (name: string, env: Record<string, string>, args: string[] = []) =>
    run([path.join(bare, 'scripts/launch.mjs'), name, ...args], { env, cwd: bare });

  it('refuses in production (NODE_ENV=production) and says to run npm run build', async () => {
    for (const name of ['server', 'worker', 'cli']) {
      const r = await launch(name, { NODE_ENV: 'production' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`manca ${path.join(bare, 'dist', `${name}.mjs`)}`);
      expect(r.stderr).toContain('esegui prima "npm run build"');
      expect(r.stdout).not.toContain('compilo');
    }
  });

  it('refuses when .env configures the real service, even without NODE_ENV', async () => {
    await writeFile(path.join(bare, '.env'), 'WHATSAPP_ACCESS_TOKEN=EAAG-real\n');
    try {
      const r = await launch('server', {});
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('npm run build');
    } finally {
      await rm(path.join(bare, '.env'));
    }
    expect((await launch('server', { DEMO_MODE: 'false' })).code).toBe(1);
  });

  it('runs a build with its arguments, warning when the sources are newer than it', async () => {
    await mkdir(path.join(bare, 'dist'), { recursive: true });
    await writeFile(path.join(bare, 'dist', 'cli.mjs'), "console.log('compiled cli:', process.argv.slice(2).join(' '));\n");
    try {
      const fresh = await launch('cli', { NODE_ENV: 'production' }, ['user:disable', '--email', 'a@b.it']);
      expect(fresh).toMatchObject({ code: 0, stderr: '', stdout: 'compiled cli: user:disable --email a@b.it\n' });
      await mkdir(path.join(bare, 'lib'), { recursive: true });
      await writeFile(path.join(bare, 'lib', 'changed.ts'), 'export {};\n');
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(path.join(bare, 'dist', 'cli.mjs'), anHourAgo, anHourAgo);
      const stale = await launch('cli', { NODE_ENV: 'production' }, ['delivery:status']);
      expect(stale.code).toBe(0);
      expect(stale.stdout).toBe('compiled cli: delivery:status\n');
      expect(stale.stderr).toContain('il codice è più recente della build');
    } finally {
      await rm(path.join(bare, 'dist'), { recursive: true });
      await rm(path.join(bare, 'lib'), { recursive: true, force: true });
    }
  });

  it('refuses a compiled server without the Next.js build, naming .next', async () => {
    await mkdir(path.join(bare, 'dist'), { recursive: true });
    await writeFile(path.join(bare, 'dist', 'server.mjs'), 'process.exit(42);\n');
    try {
      const r = await launch('server', { NODE_ENV: 'production' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`manca ${path.join(bare, '.next')}`);
    } finally {
      await rm(path.join(bare, 'dist'), { recursive: true });
    }
  });
});
