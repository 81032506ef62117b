import { getEnv } from '@/lib/env';
import { createAltchaChallenge, deriveBotSecrets } from '@/lib/security/bot-check';

export const dynamic = 'force-dynamic';

/** A fresh ALTCHA proof-of-work challenge for the subscription form's widget (expires in 10 minutes). */
export async function GET(): Promise<Response> {
  const challenge = await createAltchaChallenge(deriveBotSecrets(getEnv().authSecret), new Date());
  return Response.json(challenge, { headers: { 'cache-control': 'no-store' } });
}
