/**
 * A complete sending setup for tests: test database context, the simulator on a loopback port with
 * Banditore's alert template, the app's webhook receiver feeding statuses back, a status processor
 * and, when asked, an in-process delivery engine.
 */
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context';
import { createDataCipher } from '../../privacy/crypto';
import { setSetting } from '../../settings/store';
import { createTestContext, type TestContext } from '../../testing/test-context';
import { createGraphClient, type GraphClient } from '../../whatsapp/client';
import { createSimulator, type Simulator, type SimulatorKnobs } from '../../whatsapp/simulator';
import { ALERT_TEMPLATE, FAST_KNOBS, TEST_IDS } from '../../whatsapp/simulator/test-support';
import { startDeliveryEngine, type DeliveryEngine } from '../engine';
import { createKeepAliveFetch } from '../http-fetch';
import { DEFAULT_ENGINE_OPTIONS, type EngineOptions } from '../options';
import { startStatusProcessor, startWebhookReceiver } from './fixtures';

export interface SendHarness {
  ctx: TestContext;
  /** Base64 of the data key, for child worker processes. */
  dataKey: string;
  sim: Simulator;
  graphUrl: string;
  /** The app's webhook receiver, for a simulator of the test's own. */
  webhookUrl: string;
  graph(timeoutMs?: number, fetchImpl?: typeof fetch, baseUrl?: string): GraphClient;
  /** The worker's keep-alive fetch (what createGraphClient gets in production). */
  fetch: typeof fetch;
  startEngine(opts?: Partial<EngineOptions>, graph?: GraphClient): Promise<DeliveryEngine>;
  close(): Promise<void>;
}

export async function startSendHarness(opts: { knobs?: Partial<SimulatorKnobs>; realClock?: boolean; messagesPerSecond?: number } = {}): Promise<SendHarness> {
  const ctx = await createTestContext();
  const key = randomBytes(32);
  ctx.cipher = createDataCipher(key);
  ctx.whatsapp = {
    ...ctx.whatsapp,
    appSecret: TEST_IDS.appSecret,
    phoneNumberId: TEST_IDS.phoneNumberId,
    wabaId: TEST_IDS.wabaId,
    accessToken: TEST_IDS.accessToken,
  };
  if (opts.realClock) {
    ctx.now = () => new Date();
    // The wall clock may be in the night: these tests are not about quiet hours, so there are none.
    await setSetting(ctx.db, 'quietHoursStart', '00:00');
    await setSetting(ctx.db, 'quietHoursEnd', '00:00');
  }
  if (opts.messagesPerSecond) await setSetting(ctx.db, 'messagesPerSecond', opts.messagesPerSecond);
  await setSetting(ctx.db, 'dailyRecipientLimit', 'unlimited');
  const receiver = await startWebhookReceiver(ctx);
  const webhookUrl = receiver.url;
  const sim = createSimulator({
    ...TEST_IDS,
    webhookUrl: receiver.url,
    templates: [ALERT_TEMPLATE],
    knobs: { ...FAST_KNOBS, recordBodies: false, ...opts.knobs },
  });
  const server = await sim.listen(0);
  const graphUrl = `http://127.0.0.1:${server.port}`;
  const statuses = startStatusProcessor(ctx);
  const engines: DeliveryEngine[] = [];
  const keepAlive = createKeepAliveFetch();
  const graph = (timeoutMs = 5000, fetchImpl: typeof fetch = keepAlive, baseUrl = graphUrl) =>
    createGraphClient(
      { baseUrl, version: 'v27.0', phoneNumberId: TEST_IDS.phoneNumberId, wabaId: TEST_IDS.wabaId, accessToken: TEST_IDS.accessToken, timeoutMs },
      fetchImpl,
    );
  return {
    ctx,
    dataKey: key.toString('base64'),
    sim,
    graphUrl,
    webhookUrl,
    graph,
    fetch: keepAlive,
    async startEngine(o = {}, g) {
      const e = await startDeliveryEngine(ctx as AppContext, g ?? graph(o.sendTimeoutMs ?? 5000), {
        ...DEFAULT_ENGINE_OPTIONS,
        sendTimeoutMs: 5000,
        leaseMs: 15_000,
        outcomeWaitMs: 3000,
        pollMs: 200,
        housekeepingMs: 200,
        workerId: `test:${engines.length}`,
        limiterKey: TEST_IDS.phoneNumberId,
        databaseUrl: ctx.databaseUrl,
        ...o,
      });
      engines.push(e);
      return e;
    },
    async close() {
      for (const e of engines) await e.stop();
      await statuses.stop();
      await server.close();
      await sim.close();
      await receiver.close();
      await ctx.close();
    },
  };
}
