import type { Metadata } from 'next';
import { formatRome } from '@/components/dashboard/format';
import { Notice } from '@/components/dashboard/Notice';
import { NumberHealthCard } from '@/components/dashboard/NumberHealthCard';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { hasRole } from '@/lib/access/roles';
import { getAppContext } from '@/lib/context';
import { loadSettings } from '@/lib/settings/store';
import { getNumberStatus } from '@/lib/delivery/get-number-status';
import { displayValue, SETTING_GROUPS, type SettingField } from './fields';
import { SettingsGroupForm } from './SettingsGroupForm';

export const metadata: Metadata = { title: 'Impostazioni' };

function readOnlyValue(f: SettingField, value: unknown): string {
  if (f.kind === 'bool') return value ? 'Sì' : 'No';
  if (f.kind === 'limit' && value === 'unlimited') return 'Nessun limite';
  return displayValue(f.kind, value) || '—';
}

/** Admins edit; editors and viewers read the same values. */
export default async function SettingsPage() {
  const actor = await requireStaff('VIEWER');
  const settings = await loadSettings(getAppContext().db, { fresh: true });
  const canEdit = hasRole(actor, 'ADMIN');
  const number = await getNumberStatus(getAppContext(), { actor });
  return (
    <>
      <PageTitle lead={canEdit ? 'Ogni modifica è registrata nel registro attività con il valore precedente.' : 'Solo gli amministratori possono modificarle.'}>
        Impostazioni
      </PageTitle>
      <p>
        Stato del servizio:{' '}
        <strong>
          {settings.launchedAt
            ? `partito il ${formatRome(new Date(settings.launchedAt), 'date')}`
            : `non ancora partito (parte a ${settings.launchThreshold} iscritti)`}
        </strong>
        .
      </p>
      <nav aria-label="Gruppi di impostazioni" className="mb-4">
        <ul className="list-inline">
          {SETTING_GROUPS.map((g) => (
            <li key={g.id} className="list-inline-item me-3">
              <a href={`#${g.id}`}>{g.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {SETTING_GROUPS.map((g) => (
        <section key={g.id} id={g.id} aria-labelledby={`${g.id}-title`} className="mb-5 pb-4 border-bottom">
          <h2 id={`${g.id}-title`} className="h4">
            {g.title}
          </h2>
          {g.intro ? <p>{g.intro}</p> : null}
          {/* The daily limit is Meta's: what Meta reports comes before the manual override. */}
          {g.id === 'invio' ? <NumberHealthCard status={number} level={3} /> : null}
          {g.id === 'sicurezza' && !settings.adminTotpRequired ? (
            <Notice kind="warning">
              Attenzione: la verifica in due passaggi non è obbligatoria per gli amministratori. Chi conosce la password di un amministratore può entrare da
              qualsiasi computer. Riattivala appena possibile (in modalità demo è disattivata per comodità).
            </Notice>
          ) : null}
          {canEdit ? (
            <SettingsGroupForm groupId={g.id} values={settings as unknown as Record<string, unknown>} />
          ) : (
            <dl>
              {g.fields.map((f) => (
                <div key={f.key} className="mb-3">
                  <dt>{f.label}</dt>
                  <dd className="text-break" style={{ whiteSpace: 'pre-wrap' }}>
                    {readOnlyValue(f, (settings as unknown as Record<string, unknown>)[f.key])}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      ))}
    </>
  );
}
