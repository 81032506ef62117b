/** Starts lib/delivery/testing/simulator-child.ts and talks to it over HTTP. */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { CONTROL_TOKEN_HEADER, type SimStats, type SimulatorKnobs } from '../../whatsapp/simulator';

export interface SimulatorProcess {
  url: string;
  stats(): Promise<SimStats>;
  /** Epoch ms of the first and last accepted send, how many, and the simulator's longest stall and GC (ms). */
  accepted(): Promise<{ first: number; last: number; count: number; stallMaxMs: number; gcMaxMs: number }>;
  /** A simulated citizen writes (the simulator posts the inbound webhook); resolves with the app's answer. */
  phoneSends(digits: string, spec: { type: 'text'; text: string }): Promise<number>;
  pid: number;
  /** Whether the simulator runs at a higher priority (nice −5) than the processes under test. */
  raisedPriority: boolean;
  /** Forgets every send so far (statistics and accepted times). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatorProcess(webhookUrl: string, knobs?: Partial<SimulatorKnobs>, nodeArgs: string[] = []): Promise<SimulatorProcess> {
  const args = [...nodeArgs, '--import', 'tsx', path.resolve('lib/delivery/testing/simulator-child.ts'), webhookUrl, ...(knobs ? [JSON.stringify(knobs)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  // The simulator's clock measures the sending (the 1-second windows): on a busy machine it runs
  // ahead of the processes under test, so that a stall of its own does not bunch the timestamps.
  // Meta's servers are not on this machine; if anything this leaves the app less CPU, not more.
  let raised = false;
  try {
    os.setPriority(child.pid ?? 0, -5);
    raised = true;
  } catch {
    // not allowed (not root): the benchmark prints that the simulator ran at normal priority
  }
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const [port, token] = await new Promise<[string, string]>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+) TOKEN (\S+)\n/.exec(out);
      if (m) resolve([m[1]!, m[2]!]);
    });
    child.once('exit', (code) => reject(new Error(`simulator exited (${code})`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const get = async <T>(p: string): Promise<T> => (await (await fetch(`${url}${p}`, { headers: { [CONTROL_TOKEN_HEADER]: token } })).json()) as T;
  return {
    url,
    stats: () => get<SimStats>('/api/stats'),
    pid: child.pid ?? 0,
    raisedPriority: raised,
    async phoneSends(digits, spec) {
      const r = await fetch(`${url}/api/phones/${digits}/messages`, {
        method: 'POST',
        headers: { [CONTROL_TOKEN_HEADER]: token, 'content-type': 'application/json' },
        body: JSON.stringify(spec),
      });
      return ((await r.json()) as { webhookStatus?: number }).webhookStatus ?? 0;
    },
    accepted: () => get<{ first: number; last: number; count: number; stallMaxMs: number; gcMaxMs: number }>('/bench/accepted'),
    async reset() {
      await fetch(`${url}/bench/reset`, { method: 'POST' });
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
