import type { Metadata } from 'next';
import { formatRome } from '@/components/dashboard/format';
import { PageTitle } from '@/components/dashboard/PageTitle';
import { maskedApiKey } from '@/lib/api-keys/api-key-format';
import { listApiKeys } from '@/lib/api-keys/list-api-keys';
import { requireStaff } from '@/lib/auth/guard';
import { getAppContext } from '@/lib/context';
import { CreateApiKeyForm } from './CreateApiKeyForm';
import { RevokeApiKeyForm } from './RevokeApiKeyForm';

export const metadata: Metadata = { title: 'Chiavi API' };

export default async function ApiKeysPage() {
  const actor = await requireStaff('ADMIN');
  const ctx = getAppContext();
  const keys = await listApiKeys(ctx, { actor });
  const now = ctx.now();
  return (
    <>
      <PageTitle lead="Per gli altri sistemi del Comune (sito, protezione civile, gestionali) che inviano avvisi o leggono le statistiche.">
        Chiavi API
      </PageTitle>
      <p>
        Ogni chiave agisce come un redattore, solo entro i permessi scelti alla creazione (una chiave nuova crea solo bozze), e scade al più tardi dopo un anno.
        Nessuna chiave può approvare un avviso. Si usa nell’intestazione <code>Authorization: Bearer &lt;chiave&gt;</code>. La documentazione tecnica è in{' '}
        <a href="/api/v1/openapi.json">
          <code>/api/v1/openapi.json</code>
        </a>
        . Una chiave non più usata va revocata.
      </p>
      <div className="table-responsive mb-5" tabIndex={0} role="region" aria-label="Chiavi API">
        <table className="table">
          <caption className="visually-hidden">Chiavi API</caption>
          <thead>
            <tr>
              <th scope="col">Nome</th>
              <th scope="col">Chiave</th>
              <th scope="col">Permessi</th>
              <th scope="col">Creata</th>
              <th scope="col">Scade</th>
              <th scope="col">Ultimo uso</th>
              <th scope="col">Stato</th>
              <th scope="col">
                <span className="visually-hidden">Azioni</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.length === 0 ? (
              <tr>
                <td colSpan={8}>Nessuna chiave creata.</td>
              </tr>
            ) : (
              keys.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{maskedApiKey(k.prefix)}</code>
                  </td>
                  <td>
                    {k.scopes.length > 0 ? (
                      <ul className="list-unstyled mb-0 small">
                        {k.scopes.map((s) => (
                          <li key={s}>
                            <code>{s}</code>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      'Nessuno'
                    )}
                  </td>
                  <td>
                    {formatRome(k.createdAt)}
                    {k.createdBy ? <div className="small">da {k.createdBy}</div> : null}
                  </td>
                  <td>{k.expiresAt <= now ? <strong>Scaduta il {formatRome(k.expiresAt)}</strong> : formatRome(k.expiresAt)}</td>
                  <td>{k.lastUsedAt ? formatRome(k.lastUsedAt) : 'Mai'}</td>
                  <td>{k.revokedAt ? `Revocata il ${formatRome(k.revokedAt)}` : k.expiresAt <= now ? 'Scaduta' : 'Attiva'}</td>
                  <td>
                    <RevokeApiKeyForm id={k.id} name={k.name} revoked={k.revokedAt !== null} />
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      <div className="row">
        <div className="col-xl-8">
          <CreateApiKeyForm />
        </div>
      </div>
    </>
  );
}
