/**
 * The web side of `bench:fanout` in processes of its own: the production request handler
 * (lib/server/request-handler.ts, so the Meta webhook takes the same fast path as under `npm start`)
 * without Next.js behind it (nothing else is asked of it here) and without the in-process worker.
 * Configuration comes from the environment, as for `npm start`. A first argument > 1 runs that
 * many processes sharing one port (node:cluster hands each connection to one of them). Prints
 * "WEB PORT <n> PIDS <pid,…>" once every process listens.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAppContext } from '../context';
import { getEnv } from '../env';
import { createRequestHandler } from '../server/request-handler';

/** `web-child.ts <processes>` (the cluster's processes are started with the same arguments). */
const processes = Math.max(1, Number(process.argv[2] ?? '1'));

function serve(onListening: (port: number) => void): void {
  const env = getEnv();
  const ctx = createAppContext(env);
  const handler = createRequestHandler({
    ctx,
    env,
    next: async (_req, res) => void res.writeHead(404, { 'content-type': 'text/plain' }).end('not served by the benchmark'),
    simulator: null,
  });
  const server = createServer(handler);
  server.listen(0, '127.0.0.1', () => onListening((server.address() as AddressInfo).port));
  process.on('SIGTERM', () => {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

if (processes > 1 && cluster.isPrimary) {
  const pids: number[] = [];
  let port = 0;
  for (let i = 0; i < processes; i++) {
    const w = cluster.fork();
    w.on('message', (m: { port: number }) => {
      port = m.port;
      pids.push(w.process.pid ?? 0);
      if (pids.length === processes) process.stdout.write(`WEB PORT ${port} PIDS ${[process.pid, ...pids].join(',')}\n`);
    });
  }
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
    let alive = processes;
    cluster.on('exit', () => --alive === 0 && process.exit(0));
  });
} else if (cluster.isWorker) {
  serve((port) => process.send?.({ port }));
} else {
  serve((port) => process.stdout.write(`WEB PORT ${port} PIDS ${process.pid}\n`));
}
