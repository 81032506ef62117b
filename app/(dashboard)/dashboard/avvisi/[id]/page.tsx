import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { AlertActions, toConfirm } from '@/components/dashboard/alerts/AlertActions';
import { countCorrectionRecipients } from '@/lib/alerts/correct-alert';
import { AlertFacts } from '@/components/dashboard/alerts/AlertFacts';
import { AudienceFigures } from '@/components/dashboard/alerts/AudienceFigures';
import { DeliveryPanel } from '@/components/dashboard/alerts/DeliveryPanel';
import { toDeliveryJson } from '@/components/dashboard/alerts/delivery-json';
import { LaunchNotice } from '@/components/dashboard/alerts/LaunchNotice';
import { OutcomeNotice } from '@/components/dashboard/alerts/OutcomeNotice';
import { PhonePreview } from '@/components/dashboard/alerts/PhonePreview';
import { PlainLanguageReport } from '@/components/dashboard/alerts/PlainLanguageReport';
import { StatusBadge } from '@/components/dashboard/alerts/StatusBadge';
import { formatRome } from '@/components/dashboard/format';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { countRecipients } from '@/lib/alerts/count-recipients';
import { estimateDelivery } from '@/lib/alerts/estimate-delivery';
import { getAlert } from '@/lib/alerts/get-alert';
import { getAlertReport } from '@/lib/alerts/get-alert-report';
import { isInQuietHours } from '@/lib/alerts/quiet-hours';
import { toRomeInputValue } from '@/lib/time/rome-time';
import { requireStaff } from '@/lib/auth/guard';
import { getOwnPhoneMasked } from '@/lib/auth/staff-phone';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { loadSettings } from '@/lib/settings/store';
import { alertCommandAction } from '../actions';

export const metadata: Metadata = { title: 'Avviso' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const OPEN = ['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED'];
const PUBLISHED = ['SENDING', 'PAUSED', 'SENT'];

export default async function AlertPage({ params, searchParams }: Props) {
  // Viewers read sent alerts and their reports (getAlert answers not_found for anything else).
  const actor = await requireStaff('VIEWER');
  const ctx = getAppContext();
  const [{ id }, sp] = await Promise.all([params, searchParams]);
  const alert = await getAlert(ctx, { actor, alertId: id }).catch((e) => {
    if (isAppError(e) && e.code === 'not_found') notFound();
    throw e;
  });
  const settings = await loadSettings(ctx.db);
  const launched = settings.launchedAt !== null;
  const open = OPEN.includes(alert.status);
  // A stopped alert (CANCELLED after it went out) keeps its report: it shows the cancelled part.
  const published = PUBLISHED.includes(alert.status) || (alert.status === 'CANCELLED' && alert.publishedAt !== null);
  const confirm = toConfirm(sp.conferma);
  const [ownPhone, audience, report, correctionRecipients] = await Promise.all([
    getOwnPhoneMasked(ctx, actor.id),
    open
      ? countRecipients(ctx, { actor, alertId: alert.id }).then(async (count) => ({
          count,
          estimate: await estimateDelivery(ctx, { actor, recipients: count.recipients }),
        }))
      : null,
    published ? getAlertReport(ctx, { actor, alertId: alert.id }) : null,
    confirm === 'rettifica' && alert.can.correct ? countCorrectionRecipients(ctx, { actor, alertId: alert.id }) : null,
  ]);

  const now = ctx.now();
  const sendNotes: string[] = [];
  if (alert.urgency === 'normal' && isInQuietHours(now, settings)) {
    sendNotes.push(
      `Ora siamo nelle ore di silenzio (${settings.quietHoursStart}–${settings.quietHoursEnd}): un avviso normale partirà alle ${settings.quietHoursEnd}.`,
    );
  }
  if (alert.awaitsSecondEditor) {
    sendNotes.push('L’avviso va a tutti gli iscritti: partirà dopo l’approvazione di un’altra persona della redazione.');
  }
  if (audience) sendNotes.push(`Tempo di invio: ${audience.estimate.label}. Costo stimato: ${audience.estimate.costLabel}.`);

  return (
    <>
      <PageTitle
        lead={
          <>
            <StatusBadge status={alert.status} /> {alert.urgency === 'urgent' ? <span className="badge bg-danger">Urgente</span> : null}
            {alert.isWelcome ? ' Messaggio di benvenuto all’avvio del servizio.' : null}
          </>
        }
        actions={
          <>
            {report ? (
              <>
                <a href={`/api/dashboard/exports/alerts/${alert.id}`} className="btn btn-outline-primary btn-sm" download>
                  Scarica il rapporto (CSV)
                </a>
                <Link href={`/dashboard/avvisi/${alert.id}/stampa`} className="btn btn-outline-primary btn-sm">
                  Rapporto da stampare
                </Link>
              </>
            ) : null}
            <Link href="/dashboard/avvisi" className="btn btn-outline-primary btn-sm">
              Tutti gli avvisi
            </Link>
          </>
        }
      >
        {alert.title}
      </PageTitle>
      <OutcomeNotice code={typeof sp.esito === 'string' ? sp.esito : undefined} />
      {open && !launched && !alert.isWelcome ? <LaunchNotice /> : null}
      {alert.status === 'PENDING_APPROVAL' ? (
        <Notice kind="info">In attesa di approvazione: l’avviso va a tutti gli iscritti e deve approvarlo un’altra persona della redazione.</Notice>
      ) : null}
      {alert.status === 'SCHEDULED' && alert.releaseAt ? (
        <Notice kind="info">
          Partirà {formatRome(alert.releaseAt)}
          {alert.heldForQuietHours ? ', alla fine delle ore di silenzio' : ''}. Fino ad allora puoi modificarlo o annullarlo.
        </Notice>
      ) : null}

      {alert.correctsAlertId ? (
        <Notice kind="info">
          È una rettifica: va a chi ha ricevuto <Link href={`/dashboard/avvisi/${alert.correctsAlertId}`}>l’avviso originale</Link>.
        </Notice>
      ) : null}
      {alert.withdrawnAt ? (
        <Notice kind="info">
          Ritirato dall’archivio pubblico il {formatRome(alert.withdrawnAt)}: la sua pagina pubblica dice «Avviso ritirato», senza il testo.
        </Notice>
      ) : null}
      {report ? <DeliveryPanel initial={toDeliveryJson(report, now)} /> : null}

      <div className="row g-5">
        <div className="col-lg-5">
          <h2 className="h4">{published ? 'Il messaggio inviato' : 'Come apparirà'}</h2>
          <PhonePreview
            sender={settings.serviceName}
            message={{ header: alert.fit.header, body: alert.fit.preview, footer: alert.fit.footer, buttons: alert.fit.buttons }}
          />
          {open && alert.can.edit && !alert.isWelcome ? <PlainLanguageReport report={alert.plain} empty={false} /> : null}
          {alert.fit.errors.length > 0 && open ? (
            <Notice kind="error">
              {alert.fit.errors[0]!.message} <Link href={`/dashboard/avvisi/${alert.id}/modifica`}>Modifica l’avviso</Link>.
            </Notice>
          ) : null}
        </div>
        <div className="col-lg-7">
          <AlertActions
            alert={alert}
            ctx={{
              action: alertCommandAction,
              launched,
              ownPhone,
              recipients: audience?.count.recipients ?? null,
              confirm,
              correctionRecipients,
              sendNotes,
              nowInput: toRomeInputValue(now),
            }}
          />
          {audience && confirm === null ? (
            <section aria-labelledby="audience-title" className="mb-4">
              <h2 id="audience-title" className="h4">
                Chi lo riceverà
              </h2>
              <AudienceFigures count={audience.count} estimate={audience.estimate} urgent={alert.urgency === 'urgent' || alert.isWelcome} />
            </section>
          ) : null}
          <h2 className="h4">Dettagli</h2>
          <AlertFacts alert={alert} />
        </div>
      </div>
    </>
  );
}
