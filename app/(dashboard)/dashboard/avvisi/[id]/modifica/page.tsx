import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ComposeForm } from '@/components/dashboard/alerts/ComposeForm';
import { fromSchemaInput } from '@/components/dashboard/alerts/compose-values';
import { LaunchNotice } from '@/components/dashboard/alerts/LaunchNotice';
import { OutcomeNotice } from '@/components/dashboard/alerts/OutcomeNotice';
import { TemplateNotice } from '@/components/dashboard/alerts/TemplateNotice';
import { Notice } from '@/components/dashboard/Notice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { getAlert } from '@/lib/alerts/get-alert';
import { getComposeContext } from '@/lib/alerts/get-compose-context';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { isAppError } from '@/lib/errors';
import { loadSettings } from '@/lib/settings/store';
import { audienceAction, saveAlertAction } from '../../actions';

export const metadata: Metadata = { title: 'Modifica avviso' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function EditAlertPage({ params, searchParams }: Props) {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  const { id } = await params;
  const alert = await getAlert(ctx, { actor, alertId: id }).catch((e) => {
    if (isAppError(e) && e.code === 'not_found') notFound();
    throw e;
  });
  const [compose, settings, sp] = await Promise.all([getComposeContext(ctx, { actor }), loadSettings(ctx.db), searchParams]);
  const back = `/dashboard/avvisi/${alert.id}`;
  if (!alert.can.edit || alert.isWelcome) {
    return (
      <>
        <PageTitle>Modifica avviso</PageTitle>
        <Notice kind="warning">Questo avviso non si può più modificare: è {alert.statusLabel}. Puoi duplicarlo e modificare la copia.</Notice>
        <Link href={back}>Torna all’avviso</Link>
      </>
    );
  }
  return (
    <>
      <PageTitle lead="Le modifiche valgono per l’invio: se l’avviso era già approvato, andrà approvato di nuovo.">Modifica avviso</PageTitle>
      <OutcomeNotice code={typeof sp.esito === 'string' ? sp.esito : undefined} />
      {compose.launched ? null : <LaunchNotice />}
      <TemplateNotice template={compose.template} />
      <ComposeForm
        save={saveAlertAction}
        audience={audienceAction}
        template={compose.template.shape}
        topics={compose.topics}
        zones={compose.zones}
        defaults={fromSchemaInput(alert.formValues)}
        titleMax={compose.titleMax}
        sender={settings.serviceName}
        alertId={alert.id}
        cancelHref={back}
      />
    </>
  );
}
