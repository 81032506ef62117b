import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv as parseDotEnv } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError, parseEnv } from '../env';

/**
 * No container runtime runs where these tests run: the Dockerfile and compose.yaml are checked by
 * reading them (stages, base image, user, port, health checks, commands, and the environment each
 * container gets, parsed by lib/env.ts as the service would parse it at start). That the compiled
 * output runs with plain node and serves the journeys is proved by Playwright
 * (e2e/compiled-runtime.spec.ts); that the image builds and runs is not proved here.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (f: string) => readFileSync(path.join(root, f), 'utf8');

// --- Dockerfile -----------------------------------------------------------------------------

interface Instruction {
  op: string;
  args: string;
}
interface Stage {
  from: string;
  name: string | null;
  steps: Instruction[];
}

/** Instructions with their continuation lines joined, comments dropped, grouped by stage. */
function parseDockerfile(text: string): Stage[] {
  const lines: string[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) pending += line.slice(0, -1) + ' ';
    else {
      lines.push(pending + line);
      pending = '';
    }
  }
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, op = '', args = ''] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (op.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      stages.push({ from: m?.[1] ?? args, name: m?.[2] ?? null, steps: [] });
    } else {
      const stage = stages.at(-1);
      if (!stage) throw new Error(`${op} before FROM`);
      stage.steps.push({ op: op.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(read('Dockerfile'));
const final = stages.at(-1)!;
const all = (s: Stage, op: string) => s.steps.filter((i) => i.op === op).map((i) => i.args);
const last = (s: Stage, op: string) => all(s, op).at(-1);
/** ENV a=b c=d (the form this Dockerfile uses) as a map. */
const envOf = (s: Stage) => Object.fromEntries(all(s, 'ENV').flatMap((a) => a.split(/\s+/).map((kv) => kv.split('=') as [string, string])));
const exec = (args: string | undefined): string[] => JSON.parse(args ?? 'null') as string[];

describe('the Dockerfile', () => {
  it('builds in one stage and runs on slim Node 22 or 24 in another', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const s of stages) expect(s.from).toMatch(/^node:(22|24)(\.\d+)*-(bookworm|trixie)-slim$/);
    const build = stages[0]!;
    expect(all(build, 'RUN').join('\n')).toMatch(/npm ci\b/);
    expect(all(build, 'RUN').join('\n')).toMatch(/npm run build/);
  });

  it('keeps only production dependencies, the compiled output and no sources in the final stage', () => {
    const copies = all(final, 'COPY');
    // node_modules comes from a stage that pruned the dev dependencies after building.
    const nodeModules = copies.find((c) => /\/node_modules\s/.test(c));
    const fromStage = /--from=(\S+)/.exec(nodeModules ?? '')?.[1];
    const source = stages.find((s) => s.name === fromStage);
    expect(source, 'node_modules copied from a named stage').toBeDefined();
    const runs = all(source!, 'RUN').join('\n');
    expect(runs).toMatch(/npm run build[\s\S]*npm prune --omit=dev/);
    expect(all(final, 'RUN').join('\n')).not.toMatch(/npm (ci|install)(?![^\n]*--omit=dev)/);
    // Copied from the build stage only, and nothing that is TypeScript or a source folder.
    for (const c of copies) expect(c).toMatch(/^--from=build\b/);
    const paths = copies.map((c) => c.split(/\s+/).filter((w) => !w.startsWith('--'))[0]!);
    expect(paths.sort()).toEqual(['/app/.next', '/app/dist', '/app/node_modules', '/app/package.json', '/app/prisma/migrations', '/app/scripts/launch.mjs']);
    expect(envOf(final).NODE_ENV).toBe('production');
  });

  it('runs as an unprivileged user', () => {
    const user = last(final, 'USER');
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // USER comes before the command, so the server never runs as root.
    const order = final.steps.map((i) => i.op);
    expect(order.lastIndexOf('USER')).toBeLessThan(order.lastIndexOf('CMD'));
  });

  it('exposes the port the server listens on and checks /api/health on it with node', () => {
    const port = envOf(final).PORT;
    expect(last(final, 'EXPOSE')).toBe(port);
    expect(envOf(final).HOST).toBe('0.0.0.0');
    const check = last(final, 'HEALTHCHECK')!;
    const cmd = exec(check.slice(check.indexOf('CMD') + 3).trim());
    expect(cmd[0]).toBe('node');
    expect(cmd.join(' ')).toContain('/api/health');
    expect(cmd.join(' ')).toContain('process.env.PORT || 3000');
    expect(port).toBe('3000');
  });

  it('starts the compiled server with plain node, never tsx', () => {
    const cmd = exec(last(final, 'CMD'));
    expect(cmd[0]).toBe('node');
    expect(cmd.at(-1)).toBe('dist/server.mjs');
    expect(cmd.join(' ')).not.toMatch(/tsx|--import|--loader|\.ts\b/);
    // dist/server.mjs is what the build writes (scripts/build-runtime.mjs, entry "server").
    expect(read('scripts/build-runtime.mjs')).toMatch(/server: 'lib\/server\/main\.ts'/);
    expect(read('package.json')).toMatch(/"build": "tsx prisma\/generate\.ts && next build && node scripts\/build-runtime\.mjs"/);
  });

  it('keeps local data, secrets and build output out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const p of ['node_modules', '.next', 'dist', '.data', '.env', '.git']) expect(ignored).toContain(p);
  });
});

// --- compose.yaml ---------------------------------------------------------------------------

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  env_file?: string | string[];
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
const composeText = read('compose.yaml');
const compose = parse(composeText) as { services: Record<string, Service>; volumes: Record<string, unknown> };
const { postgres, web, worker } = compose.services as Record<'postgres' | 'web' | 'worker', Service>;
const example = parseDotEnv(read('.env.example'));

/** Compose's interpolation of ${VAR}, ${VAR:-default} and ${VAR:?error} from the project's .env. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_, name: string, kind?: string, rest?: string) => {
    const v = vars[name];
    if (v) return v;
    if (kind === '?') throw new Error(`${name}: ${rest}`);
    return kind === '-' ? (rest ?? '') : '';
  });
}

/** What the service's process sees: env_file (.env), then `environment`, which wins. */
function containerEnv(s: Service, dotEnv: Record<string, string>): Record<string, string> {
  expect(s.env_file).toBe('.env');
  const own = Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), dotEnv)]));
  return { ...dotEnv, ...own };
}

/** .env as the README tells the operator to fill it: .env.example plus the secrets and Meta ids. */
const filled: Record<string, string> = {
  ...example,
  POSTGRES_PASSWORD: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
  WHATSAPP_PHONE_NUMBER_ID: '123456789012345',
  WHATSAPP_WABA_ID: '234567890123456',
  WHATSAPP_ACCESS_TOKEN: 'EAAG-test-token',
  WHATSAPP_APP_SECRET: 'app-secret-from-meta',
  WHATSAPP_VERIFY_TOKEN: 'a-random-verify-token',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  AUTH_SECRET: 'x'.repeat(40),
};

describe('compose.yaml', () => {
  it('runs PostgreSQL 17, one web server and one worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['postgres', 'web', 'worker']);
    expect(postgres.image).toMatch(/^postgres:17(\b|$)/);
    expect(web.build).toBe('.');
    expect(worker.image).toBe(web.image);
  });

  it('keeps the database in a named volume and checks it with pg_isready', () => {
    const [volume, mount] = postgres.volumes![0]!.split(':');
    expect(mount).toBe('/var/lib/postgresql/data');
    expect(Object.keys(compose.volumes)).toContain(volume);
    expect(postgres.healthcheck!.test.join(' ')).toMatch(/pg_isready -U banditore -d banditore/);
    expect(postgres.ports).toBeUndefined(); // not reachable from outside the project's network
  });

  it('starts the web server and the worker from the compiled output with plain node', () => {
    expect(web.command).toEqual(exec(last(final, 'CMD')));
    expect(worker.command![0]).toBe('node');
    expect(worker.command!.at(-1)).toBe('dist/worker.mjs');
    expect(read('scripts/build-runtime.mjs')).toMatch(/worker: 'lib\/worker\/main\.ts'/);
    expect([...web.command!, ...worker.command!].join(' ')).not.toMatch(/tsx|\.ts\b/);
  });

  it('health-checks the web server on /api/health and the worker on its heartbeat', () => {
    expect(web.healthcheck!.test[0]).toBe('CMD');
    expect(web.healthcheck!.test.slice(1, 2)).toEqual(['node']);
    expect(web.healthcheck!.test.join(' ')).toContain(`http://127.0.0.1:${web.environment!.PORT}/api/health`);
    const heartbeat = /path\.join\(os\.tmpdir\(\), '([^']+)'\)/.exec(read('lib/worker/main.ts'))?.[1];
    expect(heartbeat).toBe('banditore-worker.heartbeat');
    expect(worker.healthcheck!.test.join(' ')).toContain(`tmpdir() + '/${heartbeat}'`);
  });

  it('starts each service only after what it needs is healthy', () => {
    expect(web.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    expect(worker.depends_on).toEqual({ postgres: { condition: 'service_healthy' }, web: { condition: 'service_healthy' } });
  });

  it('publishes the web port on loopback only, to the port the container listens on', () => {
    expect(web.ports).toHaveLength(1);
    const [host, hostPort, containerPort] = interpolate(web.ports![0]!, filled).split(':');
    expect(host).toBe('127.0.0.1');
    expect(hostPort).toBe('3000');
    expect(interpolate(web.ports![0]!, { ...filled, WEB_PORT: '3001' })).toBe(`127.0.0.1:3001:${containerPort}`);
    expect(interpolate(web.ports![0]!, { ...filled, WEB_PORT: '' })).toBe(`127.0.0.1:3000:${containerPort}`);
    expect(containerPort).toBe(web.environment!.PORT);
    expect(containerPort).toBe(last(final, 'EXPOSE'));
    expect(worker.ports).toBeUndefined();
  });

  it('fixes no name that would clash between comuni on one host or between scaled workers', () => {
    for (const s of Object.values(compose.services) as (Service & { container_name?: string })[]) expect(s.container_name).toBeUndefined();
    // Volumes and the network are named by the compose project (one per comune): none is external.
    for (const v of Object.values(compose.volumes)) expect(v ?? {}).not.toHaveProperty('external');
    expect(composeText).not.toMatch(/^name:/m);
  });

  it('uses only variables that .env.example documents', () => {
    const interpolated = [...composeText.matchAll(/\$\{(\w+)/g)].map((m) => m[1]!);
    const passed = [postgres, web, worker].flatMap((s) => Object.keys(s.environment ?? {})).filter((k) => !k.startsWith('POSTGRES_'));
    for (const name of new Set([...interpolated, ...passed])) expect(Object.keys(example), name).toContain(name);
  });

  it('gives the web server a complete production configuration once .env is filled in', () => {
    const env = parseEnv(containerEnv(web, filled));
    expect(env.whatsapp.mode).toBe('meta');
    expect(new URL(env.databaseUrl).host).toBe('postgres:5432');
    expect(env.databaseUrl).toContain(encodeURIComponent(filled.POSTGRES_PASSWORD!));
    expect(env.host).toBe('0.0.0.0');
    expect(env.port).toBe(3000);
    // The separate worker sends: the web container runs none.
    expect(env.workerInProcess).toBe(false);
  });

  it('gives the worker the same database and configuration', () => {
    const env = parseEnv(containerEnv(worker, filled));
    expect(env.whatsapp.mode).toBe('meta');
    expect(env.databaseUrl).toBe(parseEnv(containerEnv(web, filled)).databaseUrl);
  });

  it('refuses to start with .env.example copied unfilled, and refuses without POSTGRES_PASSWORD', () => {
    expect(() => parseEnv(containerEnv(web, { ...example, POSTGRES_PASSWORD: 'x' }))).toThrow(ConfigError);
    expect(() => containerEnv(web, { ...filled, POSTGRES_PASSWORD: '' })).toThrow(/POSTGRES_PASSWORD/);
  });
});
