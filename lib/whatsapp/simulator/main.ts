/**
 * Standalone simulator for benchmarks and local experiments:
 *   tsx lib/whatsapp/simulator/main.ts --port 4010 --webhook-url http://127.0.0.1:3000/api/whatsapp/webhook \
 *     --app-secret S --access-token T --phone-number-id 100 --waba-id 200 --display-number 393204321474
 * Bodies are not recorded unless --record-bodies is given, so memory stays flat over long runs.
 * Any knob can be set with --knobs '{"maxPerSecond":1000,"statusDelaysMs":{"sent":50}}'.
 * The control API (/api/...) answers on loopback only, with the token printed at start (a new one
 * each start unless --control-token is given) in the X-Simulator-Token header.
 */
import { parseArgs } from 'node:util';
import { createSimulator, type SimulatorKnobs } from './index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4010' },
    host: { type: 'string', default: '127.0.0.1' },
    'base-path': { type: 'string', default: '' },
    'webhook-url': { type: 'string' },
    'app-secret': { type: 'string' },
    'access-token': { type: 'string' },
    'phone-number-id': { type: 'string' },
    'waba-id': { type: 'string' },
    'display-number': { type: 'string' },
    'business-name': { type: 'string', default: 'Comune di Conegliano' },
    'max-per-second': { type: 'string' },
    'latency-ms': { type: 'string' },
    'record-bodies': { type: 'boolean', default: false },
    knobs: { type: 'string' },
    'control-token': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

const required = ['webhook-url', 'app-secret', 'access-token', 'phone-number-id', 'waba-id', 'display-number'] as const;
const missing = required.filter((k) => !values[k]);
if (values.help || missing.length > 0) {
  if (missing.length > 0) console.error(`missing: ${missing.map((k) => '--' + k).join(' ')}`);
  console.error('usage: tsx lib/whatsapp/simulator/main.ts --port 4010 --webhook-url URL --app-secret S --access-token T \\');
  console.error('         --phone-number-id ID --waba-id ID --display-number DIGITS [--max-per-second N|none] [--latency-ms N]');
  console.error("         [--record-bodies] [--base-path /simulatore] [--knobs '{...json...}'] [--control-token T]");
  process.exit(values.help ? 0 : 2);
}

const knobs: Partial<SimulatorKnobs> = { recordBodies: values['record-bodies'] ?? false };
if (values['max-per-second']) knobs.maxPerSecond = values['max-per-second'] === 'none' ? null : Number(values['max-per-second']);
if (values['latency-ms']) knobs.latencyMs = Number(values['latency-ms']);
if (values.knobs) Object.assign(knobs, JSON.parse(values.knobs) as Partial<SimulatorKnobs>);

const sim = createSimulator({
  basePath: values['base-path'],
  webhookUrl: values['webhook-url']!,
  appSecret: values['app-secret']!,
  accessToken: values['access-token']!,
  phoneNumberId: values['phone-number-id']!,
  wabaId: values['waba-id']!,
  displayPhoneNumber: values['display-number']!,
  businessName: values['business-name'],
  knobs,
  ...(values['control-token'] ? { controlToken: values['control-token'] } : {}),
});

async function main(): Promise<void> {
  const server = await sim.listen(Number(values.port), values.host);
  const base = `http://${values.host}:${server.port}${values['base-path']}`;
  console.log(`WhatsApp simulator on ${base} (Graph API ${base}/v27.0/..., phone ${base}/#token=${sim.controlToken}, control ${base}/api/stats)`);
  console.log(`control API token (header X-Simulator-Token): ${sim.controlToken}`);
  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    await server.close();
    await sim.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

// Not top-level await: the package is CommonJS, where tsx cannot compile it.
main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
