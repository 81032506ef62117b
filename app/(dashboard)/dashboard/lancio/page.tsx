import type { Metadata } from 'next';
import Link from 'next/link';
import { people } from '@/components/dashboard/alerts/labels';
import { LaunchCard } from '@/components/dashboard/alerts/LaunchCard';
import { LaunchConfirmForm } from '@/components/dashboard/alerts/LaunchConfirmForm';
import { PhonePreview } from '@/components/dashboard/alerts/PhonePreview';
import { TemplateNotice } from '@/components/dashboard/alerts/TemplateNotice';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { getLaunchProgress } from '@/lib/stats/get-launch-progress';
import { fixedTemplateFit } from '@/lib/templates/template-fit';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { loadSettings } from '@/lib/settings/store';
import { loadTemplateState } from '@/lib/templates/load-template';
import { launchAction } from './actions';

export const metadata: Metadata = { title: 'Avvio del servizio' };

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * Progress toward the launch threshold for everyone; for admins, the launch itself (with or
 * without the welcome message) in two steps: choose, then confirm. Works without JavaScript.
 */
export default async function LaunchPage({ searchParams }: { searchParams: Search }) {
  const actor = await requireStaff('VIEWER');
  const ctx = getAppContext();
  const sp = await searchParams;
  const settings = await loadSettings(ctx.db);
  const [progress, welcomeTemplate] = await Promise.all([getLaunchProgress(ctx, { actor }), loadTemplateState(ctx.db, settings, 'welcome')]);
  const isAdmin = actor.role === 'ADMIN';
  const welcome = sp.benvenuto !== 'no';
  const confirming = sp.conferma === '1' && isAdmin && !progress.launchedAt;
  const fit = fixedTemplateFit(welcomeTemplate.shape);
  const welcomeId = typeof sp.avviso === 'string' && /^[0-9a-f-]{36}$/i.test(sp.avviso) ? sp.avviso : null;

  return (
    <>
      <PageTitle lead="Finché il servizio non parte si possono inviare solo messaggi di prova. Quando gli iscritti sono abbastanza, un amministratore lo avvia.">
        Avvio del servizio
      </PageTitle>
      {sp.avviato === '1' && progress.launchedAt ? (
        <Notice kind="success">
          Servizio avviato: da ora gli avvisi arrivano agli iscritti.{' '}
          {welcomeId ? (
            <>
              Il messaggio di benvenuto è in invio a {people(Number(sp.destinatari) || 0)}: <Link href={`/dashboard/avvisi/${welcomeId}`}>segui l’invio</Link>.
            </>
          ) : (
            'Nessun messaggio di benvenuto inviato.'
          )}
        </Notice>
      ) : null}
      <LaunchCard progress={progress} />

      {progress.launchedAt ? null : !isAdmin ? (
        <p>Solo un amministratore può avviare il servizio.</p>
      ) : confirming ? (
        <section aria-labelledby="confirm-title" className="callout callout-highlight">
          <h2 id="confirm-title" className="h4">
            Confermi l’avvio del servizio?
          </h2>
          <p>
            {welcome
              ? `Il messaggio di benvenuto partirà subito verso ${people(progress.activeSubscribers)}, e da quel momento si potranno inviare gli avvisi.`
              : 'Nessun messaggio partirà adesso; da questo momento si potranno inviare gli avvisi.'}{' '}
            L’avvio non si può annullare.
          </p>
          <div className="d-flex flex-wrap gap-3 align-items-start">
            <LaunchConfirmForm action={launchAction} welcome={welcome} />
            <Link href="/dashboard/lancio" className="btn btn-outline-primary">
              No, torna indietro
            </Link>
          </div>
        </section>
      ) : (
        <section aria-labelledby="launch-title">
          <h2 id="launch-title" className="h4">
            Avvia il servizio
          </h2>
          {progress.reached ? null : (
            <Notice kind="info">
              La soglia di {people(progress.threshold)} non è ancora raggiunta. Puoi avviare comunque il servizio, se lo ritieni opportuno.
            </Notice>
          )}
          <TemplateNotice template={welcomeTemplate} />
          <div className="row g-5">
            <form method="get" action="/dashboard/lancio" className="col-lg-7">
              <input type="hidden" name="conferma" value="1" />
              <fieldset className="mb-4">
                <legend className="h6 fw-semibold">Messaggio di benvenuto</legend>
                <div className="form-check">
                  <input id="f-welcome-yes" type="radio" name="benvenuto" value="si" defaultChecked />
                  <label htmlFor="f-welcome-yes">Invia il messaggio di benvenuto a tutti gli iscritti attivi ({people(progress.activeSubscribers)})</label>
                </div>
                <div className="form-check">
                  <input id="f-welcome-no" type="radio" name="benvenuto" value="no" />
                  <label htmlFor="f-welcome-no">Non inviare nessun messaggio adesso</label>
                </div>
              </fieldset>
              <button type="submit" className="btn btn-primary">
                Avvia il servizio
              </button>
            </form>
            <div className="col-lg-5">
              <PhonePreview
                sender={settings.serviceName}
                caption="Il messaggio di benvenuto"
                message={{ header: fit.header, body: fit.preview, footer: fit.footer, buttons: fit.buttons }}
              />
            </div>
          </div>
        </section>
      )}
    </>
  );
}
