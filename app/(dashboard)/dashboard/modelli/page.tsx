import type { Metadata } from 'next';
import { SyncTemplatesForm } from '@/components/dashboard/alerts/SyncTemplatesForm';
import { formatRome } from '@/components/dashboard/format';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { listTemplates } from '@/lib/templates/list-templates';
import { TemplateDecisionForm } from '@/components/dashboard/templates/TemplateDecisionForm';
import { TemplateHoldNotice } from '@/components/dashboard/templates/TemplateHoldNotice';
import { listTemplateHolds } from '@/lib/templates/list-template-holds';
import { acceptTemplateCategoryAction, resubmitTemplateAction, syncTemplatesAction } from './actions';

export const metadata: Metadata = { title: 'Modelli WhatsApp' };

const BADGE: Record<string, string> = {
  APPROVED: 'bg-success',
  PENDING: 'bg-warning',
  REJECTED: 'bg-danger',
  PAUSED: 'bg-warning',
  DISABLED: 'bg-dark',
  NOT_SUBMITTED: 'bg-secondary',
};

const CATEGORY: Record<string, string> = { UTILITY: 'Servizio (utility)', MARKETING: 'Promozionale (marketing)', AUTHENTICATION: 'Autenticazione' };

const LANGUAGE: Record<string, string> = { it: 'Italiano', en: 'Inglese', en_US: 'Inglese (USA)', de: 'Tedesco' };

/** The WhatsApp message templates, their status at Meta in plain Italian, and the sync button. */
export default async function TemplatesPage() {
  const actor = await requireStaff('EDITOR');
  const templates = await listTemplates(getAppContext(), { actor });
  const holds = await listTemplateHolds(getAppContext(), { actor });
  const missing = templates.filter((t) => t.role !== null && t.status === 'NOT_SUBMITTED').length;
  return (
    <>
      <PageTitle lead="Gli avvisi partono come modelli di messaggio approvati da Meta: così arrivano a tutti gli iscritti, in qualsiasi momento.">
        Modelli WhatsApp
      </PageTitle>
      <TemplateHoldNotice holds={holds} link={false} />
      <SyncTemplatesForm action={syncTemplatesAction} missing={missing} />
      <div className="table-responsive" tabIndex={0} role="region" aria-label="Modelli di messaggio WhatsApp">
        <table className="table">
          <caption className="visually-hidden">Modelli di messaggio WhatsApp</caption>
          <thead>
            <tr>
              <th scope="col">Modello</th>
              <th scope="col">Lingua</th>
              <th scope="col">Categoria</th>
              <th scope="col">Stato su Meta</th>
              <th scope="col">Ultima sincronizzazione</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((t) => (
              <tr key={`${t.name}/${t.language}`}>
                <th scope="row">
                  <code>{t.name}</code>
                  {t.purpose ? <span className="d-block small fw-normal">{t.purpose}</span> : null}
                  {t.shape ? (
                    <details className="small fw-normal">
                      <summary>Testo del modello</summary>
                      <p className="mb-0" style={{ whiteSpace: 'pre-wrap' }}>
                        {t.shape.body}
                      </p>
                      {t.shape.footer ? <p className="mb-0">{t.shape.footer}</p> : null}
                    </details>
                  ) : null}
                </th>
                <td>{LANGUAGE[t.language] ?? t.language}</td>
                <td>
                  {CATEGORY[t.category] ?? t.category}
                  {t.previousCategory && t.categoryChangedAt ? (
                    <span className="d-block small">
                      Prima: {CATEGORY[t.previousCategory] ?? t.previousCategory}, cambiata da Meta il {formatRome(t.categoryChangedAt)}
                    </span>
                  ) : null}
                  {t.impendingCategory ? (
                    <span className="d-block small">
                      Meta ha annunciato il passaggio a {CATEGORY[t.impendingCategory] ?? t.impendingCategory}
                      {t.impendingCategoryAt ? ` dal ${formatRome(t.impendingCategoryAt)}` : ''}.
                    </span>
                  ) : null}
                  {t.acceptedCategory && t.acceptedAt ? (
                    <span className="d-block small">
                      Accettata da {t.acceptedBy} il {formatRome(t.acceptedAt)}
                    </span>
                  ) : null}
                  {t.hold ? (
                    <TemplateDecisionForm
                      name={t.name}
                      language={t.language}
                      canResubmit={t.hold === 'marketing'}
                      resubmit={resubmitTemplateAction}
                      accept={acceptTemplateCategoryAction}
                    />
                  ) : null}
                </td>
                <td>
                  <span className={`badge ${BADGE[t.status] ?? 'bg-secondary'}`}>{t.statusLabel}</span>
                  {t.rejectedReason ? <span className="d-block small">Motivo: {t.rejectedReason}</span> : null}
                  {t.statusReason && !t.rejectedReason && t.statusChangedAt ? (
                    <span className="d-block small">
                      Ultimo evento da Meta: {t.statusReason} ({formatRome(t.statusChangedAt)})
                    </span>
                  ) : null}
                </td>
                <td>{t.lastSyncedAt ? formatRome(t.lastSyncedAt) : 'Mai'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small">
        I modelli sono controllati da Meta: di solito l’approvazione richiede pochi minuti, al massimo 24 ore. Un modello «In revisione» o «Rifiutato» non si
        può usare per inviare. Se Meta sposta un modello nella categoria MARKETING (più cara e con limiti per persona), gli avvisi che lo usano restano fermi
        finché qualcuno non decide qui: ripresentarlo come UTILITY o accettare la nuova categoria.
      </p>
    </>
  );
}
