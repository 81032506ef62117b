import type { Env } from '../env';
import { createSimulator, type Simulator } from '../whatsapp/simulator';
import { toWaDigits } from '../subscriptions/phone';

/**
 * The simulator inside the app's server, under /simulatore; only ever called in simulator mode.
 * `controlToken` guards its control API (lib/whatsapp/simulator/control-access.ts).
 */
export function mountSimulator(env: Env, controlToken: string): Simulator {
  if (env.whatsapp.mode !== 'simulator') throw new Error('The simulator is never mounted with real Meta credentials');
  const url = new URL(env.whatsapp.graphUrl);
  return createSimulator({
    basePath: url.pathname,
    webhookUrl: `http://127.0.0.1:${env.port}/api/whatsapp/webhook`,
    appSecret: env.whatsapp.appSecret,
    accessToken: env.whatsapp.accessToken,
    phoneNumberId: env.whatsapp.phoneNumberId,
    wabaId: env.whatsapp.wabaId,
    displayPhoneNumber: toWaDigits(env.whatsapp.displayNumber),
    graphVersion: env.whatsapp.graphVersion,
    controlToken,
  });
}
