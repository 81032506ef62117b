import type { Metadata } from 'next';
import { getActiveTopics } from '@/components/public/site-data';
import { SubscribeForm } from '@/components/public/subscribe-form/SubscribeForm';
import { getEnv } from '@/lib/env';
import { deriveBotSecrets, issueFormToken } from '@/lib/security/bot-check';
import { subscribeAction } from './actions';
import Link from 'next/link';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Iscriviti' };

export default async function SubscribePage() {
  const topics = await getActiveTopics();
  const formToken = issueFormToken(deriveBotSecrets(getEnv().authSecret).formToken, new Date());
  return (
    <div className="row">
      <div className="col-lg-8">
        <h1 className="mb-3">Iscriviti agli avvisi</h1>
        <p className="lead mb-4">
          Compila il modulo. Poi ti chiederemo di inviare da WhatsApp un messaggio già pronto: così siamo sicuri che il numero è proprio il tuo.
        </p>
        {topics.length > 0 ? (
          <SubscribeForm action={subscribeAction} topics={topics} formToken={formToken} />
        ) : (
          <div className="alert alert-info">
            In questo momento non è possibile iscriversi dal modulo. <Link href="/">Torna alla pagina principale</Link> per iscriverti da WhatsApp.
          </div>
        )}
      </div>
    </div>
  );
}
