/**
 * The simulator in a process of its own (with Banditore's alert template), so that the clock that
 * timestamps accepted sends is not stalled by the test's or the benchmark's own work (webhook
 * receiver, database): `tsx simulator-child.ts <webhookUrl> [knobs JSON]` prints "PORT <n> TOKEN <control token>".
 * Stats at GET /api/stats; GET /bench/accepted gives the epoch milliseconds (sub-ms) of the first
 * and last accepted send, their number, and this process's longest event-loop stall and garbage
 * collection (ms); POST /bench/reset clears them and the simulator's
 * statistics. Used by the rate test and the fan-out benchmark.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { createSimulator, type SimulatorKnobs } from '../../whatsapp/simulator';
import { ALERT_TEMPLATE, FAST_KNOBS, TEST_IDS } from '../../whatsapp/simulator/test-support';

const [webhookUrl, knobsJson] = process.argv.slice(2);
if (!webhookUrl) {
  process.stderr.write('usage: simulator-child.ts <webhookUrl> [knobs JSON]\n');
  process.exit(2);
}
const knobs = (knobsJson ? JSON.parse(knobsJson) : FAST_KNOBS) as Partial<SimulatorKnobs>;
const sim = createSimulator({ ...TEST_IDS, webhookUrl, templates: [ALERT_TEMPLATE], knobs: { recordBodies: false, ...knobs } });
const accepted = { first: 0, last: 0, count: 0, stallMaxMs: 0, gcMaxMs: 0 };
const epochMs = () => performance.timeOrigin + performance.now();
// While this process is stalled (a long garbage collection, no CPU), requests wait in the socket
// and are timestamped together afterwards: the benchmark prints these so a window figure can be read.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
let gcMaxMs = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMaxMs = Math.max(gcMaxMs, e.duration);
}).observe({ entryTypes: ['gc'] });

const GRAPH_SEND = /^\/v\d+\.\d+\/\d+\/messages$/;
const server = http.createServer((req, res) => {
  if (req.url === '/bench/accepted') {
    req.resume();
    Object.assign(accepted, { stallMaxMs: loopDelay.max / 1e6, gcMaxMs });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(accepted));
    return;
  }
  if (req.url === '/bench/reset' && req.method === 'POST') {
    req.resume();
    Object.assign(accepted, { first: 0, last: 0, count: 0, stallMaxMs: 0, gcMaxMs: 0 });
    loopDelay.reset();
    gcMaxMs = 0;
    sim.reset();
    res.writeHead(204).end();
    return;
  }
  // Graph sends only (POST /vNN.N/<phone number id>/messages), not the control API's phones/<n>/messages.
  if (req.method === 'POST' && GRAPH_SEND.test(req.url ?? '')) {
    const at = epochMs();
    res.on('finish', () => {
      if (res.statusCode !== 200) return;
      if (accepted.count === 0) accepted.first = at;
      accepted.last = Math.max(accepted.last, at);
      accepted.count++;
    });
  }
  void sim.handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as AddressInfo).port} TOKEN ${sim.controlToken}\n`));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close();
  void sim.close().then(() => process.exit(0));
});
