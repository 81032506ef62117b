import type { Metadata } from 'next';
import { ComposeForm } from '@/components/dashboard/alerts/ComposeForm';
import { fromSchemaInput } from '@/components/dashboard/alerts/compose-values';
import { LaunchNotice } from '@/components/dashboard/alerts/LaunchNotice';
import { TemplateNotice } from '@/components/dashboard/alerts/TemplateNotice';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { getComposeContext } from '@/lib/alerts/get-compose-context';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { loadSettings } from '@/lib/settings/store';
import { audienceAction, saveAlertAction } from '../actions';

export const metadata: Metadata = { title: 'Nuovo avviso' };

export default async function NewAlertPage() {
  const actor = await requireStaff('EDITOR');
  const ctx = getAppContext();
  const [compose, settings] = await Promise.all([getComposeContext(ctx, { actor }), loadSettings(ctx.db)]);
  return (
    <>
      <PageTitle lead="Scrivi l’avviso: l’anteprima mostra esattamente come arriverà su WhatsApp.">Nuovo avviso</PageTitle>
      {compose.launched ? null : <LaunchNotice />}
      <TemplateNotice template={compose.template} />
      <ComposeForm
        save={saveAlertAction}
        audience={audienceAction}
        template={compose.template.shape}
        topics={compose.topics}
        zones={compose.zones}
        defaults={fromSchemaInput(compose.defaults)}
        titleMax={compose.titleMax}
        sender={settings.serviceName}
        cancelHref="/dashboard/avvisi"
      />
    </>
  );
}
