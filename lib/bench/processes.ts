/**
 * Processes of the fan-out benchmark: the web side (web-child.ts) and the CPU time of any set of
 * processes, read from /proc (Linux): user + system time of each, plus what their children that
 * already exited used (cutime/cstime), so a database whose backends come and go is counted whole.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { WORKER_NODE_FLAGS, workerEnv, type WorkerEnv } from '../delivery/testing/worker-process';

export interface WebProcess {
  url: string;
  pids: number[];
  stop(): Promise<void>;
}

export async function spawnWeb(w: WorkerEnv & { processes: number }): Promise<WebProcess> {
  const env = { ...workerEnv(w), WORKER_IN_PROCESS: 'false' };
  const child = spawn(
    process.execPath,
    [...WORKER_NODE_FLAGS, ...(w.nodeArgs ?? []), '--import', 'tsx', path.resolve('lib/bench/web-child.ts'), String(w.processes)],
    {
      env: env as unknown as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const [port, pids] = await new Promise<[string, number[]]>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /WEB PORT (\d+) PIDS ([\d,]+)\n/.exec(out);
      if (m) resolve([m[1]!, m[2]!.split(',').map(Number)]);
    });
    child.once('exit', (code) => reject(new Error(`web process exited (${code}):\n${out.slice(-2000)}`)));
  });
  child.stdout?.resume();
  return {
    url: `http://127.0.0.1:${port}/api/whatsapp/webhook`,
    pids,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, own + exited children) of one process; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces) start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime are fields 14–17, i.e. 11–14 after the state (field 3).
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The process and its descendants now alive (the PostgreSQL postmaster and its backends). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    out.push(pid);
    for (const c of children.get(pid) ?? []) walk(c);
  };
  walk(root);
  return out;
}

/**
 * CPU seconds of a process tree. The postmaster's cutime/cstime hold its exited backends; the
 * living ones are summed one by one (their own time only, so nothing counts twice).
 */
export function treeCpuSeconds(root: number): number {
  return processTree(root).reduce((a, pid) => a + cpuSeconds(pid), 0);
}
