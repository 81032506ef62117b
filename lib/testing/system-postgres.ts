import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A throwaway cluster of the machine's own PostgreSQL (Debian's packages), with the client tools
 * that match it: `pg_dump` and `pg_restore` refuse a server newer than themselves, and the embedded
 * PostgreSQL ships no client tools. Used by the backup and restore drill (docs/operations.md).
 * `.ci/run` installs the packages when they are missing.
 *
 * PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user the
 * Debian package creates.
 */
export interface SystemPostgres {
  /** Folder with postgres, initdb, pg_ctl, pg_dump, pg_restore, psql. */
  bindir: string;
  version: number;
  /** postgresql://postgres@127.0.0.1:<port> (trust on loopback inside this throwaway cluster). */
  baseUrl: string;
  stop(): Promise<void>;
}

export function findPostgresBindir(): { bindir: string; version: number } {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .map(Number)
        .filter((v) => v >= 15 && existsSync(path.join(root, String(v), 'bin', 'pg_dump')) && existsSync(path.join(root, String(v), 'bin', 'postgres')))
        .sort((a, b) => b - a)
    : [];
  if (versions.length === 0) {
    throw new Error(
      'The backup drill needs PostgreSQL 15+ server and client tools (pg_dump, pg_restore): install Debian\'s "postgresql" package (.ci/run does).',
    );
  }
  return { bindir: path.join(root, String(versions[0]), 'bin'), version: versions[0]! };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function postgresUser(): Promise<{ uid: number; gid: number } | null> {
  if (process.getuid?.() !== 0) return null;
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  return { uid, gid };
}

function exec(bin: string, args: string[], as: { uid: number; gid: number } | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'], ...(as ?? {}) });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(bin)} ${args.join(' ')} exited ${code}: ${err.trim()}`))));
  });
}

export async function startSystemPostgres(): Promise<SystemPostgres> {
  const found = findPostgresBindir();
  const bindir = found.bindir;
  const as = await postgresUser();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'banditore-syspg-'));
  if (as) await chown(dir, as.uid, as.gid);
  const data = path.join(dir, 'data');
  await exec(path.join(bindir, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'], as);
  const port = await freePort();
  const conf = `listen_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\n`;
  await writeFile(path.join(data, 'postgresql.auto.conf'), conf);
  if (as) await chown(path.join(data, 'postgresql.auto.conf'), as.uid, as.gid);
  await exec(path.join(bindir, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-w', '-t', '60', 'start'], as);
  return {
    bindir,
    version: found.version,
    baseUrl: `postgresql://postgres@127.0.0.1:${port}`,
    stop: async () => {
      await exec(path.join(bindir, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], as).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
