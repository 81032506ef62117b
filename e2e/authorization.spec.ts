import { expect, test, type APIRequestContext } from '@playwright/test';
import { hasRole, type Role } from '../lib/access/roles';
import { actionForms, replay, replayAsFetch, type ActionForm } from './support/action-forms';
import { apiV1Routes, dashboardPages, minRoleOfPage, PUBLIC_ROUTES, ROUTE_ROLES, routeHandlers } from './support/app-routes';
import { demoLogin, withDb } from './support/service';
import { anonymousRequest, apiKeyPrefix, cli, createApiKeyViaCli, createStaffViaCli, relaxMandatoryTotp, signedInRequest } from './support/staff-http';

/**
 * Every dashboard page, server action, route handler and API route refuses requests without a
 * session (or key) and with too low a role — also with the header that bypassed Next.js middleware
 * (CVE-2025-29927). Pages and routes are found on the filesystem, so new ones are covered without
 * editing this file: a page's role is the role of its section in the side navigation
 * (components/dashboard/nav-items.ts); server actions are found in the forms an admin sees and
 * replayed by everyone who does not see them; route handlers must be declared below.
 */

const CVE_2025_29927 = { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' };
const HEADER_VARIANTS: [string, Record<string, string>][] = [
  ['', {}],
  [' with x-middleware-subrequest', CVE_2025_29927],
];
const FAKE_ID = '00000000-0000-4000-8000-000000000000';

// ---------------------------------------------------------------------------------------------
// Real ids for dynamic segments, so that allowed roles see the real page

const ids: Record<string, string> = {};
/** Viewers read sent alerts only (lib/alerts/alert-record.ts): for them, a sent alert if there is one. */
const viewerIds: Record<string, string | undefined> = {};

function resolve(template: string, role?: Who): { url: string; fake: boolean } {
  let fake = false;
  const parts = template.split('/');
  const url = parts
    .map((seg, i) => {
      const m = /^\[(\.\.\.)?(\w+)\]$/.exec(seg);
      if (!m) return seg;
      const key = parts[i - 1] ?? '';
      const real = role === 'VIEWER' && key in viewerIds ? viewerIds[key] : ids[key];
      if (!real) fake = true;
      return real ?? (m[1] ? 'x' : FAKE_ID);
    })
    .join('/');
  return { url, fake };
}

// ---------------------------------------------------------------------------------------------
// Who asks

type Who = 'none' | Role;
const sessions: Partial<Record<Role, APIRequestContext>> = {};
let anonymous: APIRequestContext;
let restoreTotp: () => Promise<void> = async () => {};
let apiKey: string;
let revokedKey: string;

const client = (who: Who) => (who === 'none' ? anonymous : sessions[who]!);

test.beforeAll(async () => {
  test.setTimeout(180_000);
  restoreTotp = await relaxMandatoryTotp();
  const [viewer, editor] = [await createStaffViaCli('viewer', 'autorizzazioni'), await createStaffViaCli('editor', 'autorizzazioni')];
  sessions.ADMIN = await signedInRequest(demoLogin());
  sessions.EDITOR = await signedInRequest(editor);
  sessions.VIEWER = await signedInRequest(viewer);
  // A second session each, as the admin has from other journeys: their profile then offers the
  // same self-service forms ("Termina questa sessione", "Termina le altre") as the admin's, which
  // are theirs to use, not refusals to expect.
  for (const login of [viewer, editor]) await (await signedInRequest(login)).dispose();
  anonymous = await anonymousRequest();

  apiKey = await createApiKeyViaCli('Autorizzazioni e2e');
  revokedKey = await createApiKeyViaCli('Autorizzazioni e2e revocata');
  await cli('apikey:revoke', '--prefix', apiKeyPrefix(revokedKey));
  const draft = await anonymous.post('/api/v1/alerts', {
    headers: { authorization: `Bearer ${apiKey}` },
    data: { title: 'Bozza per le prove di accesso', body: 'Non va inviata.', urgency: 'normal', topics: ['viabilita'] },
  });
  expect(draft.status()).toBe(201);
  const alertId = (await draft.json()).id as string;
  ids.avvisi = alertId;
  ids.alerts = alertId;
  await withDb(async (db) => {
    ids.utenti = (await db.query<{ id: string }>('SELECT id FROM staff_users WHERE email = $1', [viewer.email])).rows[0]!.id;
    const key = (await db.query<{ id: string }>('SELECT id FROM api_keys WHERE prefix = $1', [apiKeyPrefix(apiKey)])).rows[0];
    if (key) ids['chiavi-api'] = key.id;
    const sub = (await db.query<{ id: string }>('SELECT id FROM subscribers LIMIT 1')).rows[0];
    if (sub) ids.iscritti = sub.id;
    // The draft above is not a viewer's to see (404); a sent alert, when the data has one, is.
    const sent = (await db.query<{ id: string }>('SELECT id FROM alerts WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1')).rows[0];
    viewerIds.avvisi = sent?.id;
    viewerIds.alerts = sent?.id;
  });
});

test.afterAll(async () => {
  await Promise.all([anonymous?.dispose(), ...Object.values(sessions).map((s) => s.dispose())]);
  await restoreTotp();
});

/** The database state an action could change: compared before and after the replays. */
async function fingerprint(): Promise<string> {
  return withDb(async (db) => {
    const r = await db.query<{ f: unknown }>(`SELECT json_build_object(
      'alerts', (SELECT json_agg(json_build_array(id, status, title, updated_at) ORDER BY id) FROM alerts),
      'apiKeys', (SELECT json_agg(json_build_array(id, revoked_at) ORDER BY id) FROM api_keys),
      'staff', (SELECT json_agg(json_build_array(id, role, disabled, totp_enabled, password_hash, session_version, phone_enc) ORDER BY id) FROM staff_users),
      'settings', (SELECT json_agg(json_build_array(key, value) ORDER BY key) FROM settings),
      'subscribers', (SELECT json_agg(json_build_array(status, n) ORDER BY status) FROM (SELECT status, count(*) n FROM subscribers GROUP BY status) s),
      'topics', (SELECT json_agg(json_build_array(id, name, active) ORDER BY id) FROM topics),
      'zones', (SELECT json_agg(json_build_array(id, name, kind, active, is_example, position) ORDER BY id) FROM zones),
      'templates', (SELECT count(*) FROM whatsapp_templates),
      'outbound', (SELECT count(*) FROM outbound_messages WHERE purpose NOT LIKE 'reply%'),
      'audit', (SELECT count(*) FROM audit_log WHERE coalesce(actor_email, '') NOT LIKE 'system:%' AND action NOT IN ('login', 'login_failed', 'logout'))
    ) AS f`);
    return JSON.stringify(r.rows[0]!.f);
  });
}

function refusedAsAnonymous(status: number, location: string | undefined, what: string): void {
  const redirectToLogin = status >= 300 && status < 400 && /\/accedi(\?|$)/.test(location ?? '');
  expect(redirectToLogin || status === 401, `${what}: expected a redirect to /accedi or 401, got ${status} ${location ?? ''}`).toBe(true);
}

// ---------------------------------------------------------------------------------------------

test.describe('authorisation', () => {
  test('the filesystem holds the dashboard pages this test expects to find', () => {
    const pages = dashboardPages();
    expect(pages).toEqual(expect.arrayContaining(['/dashboard', '/dashboard/chiavi-api', '/dashboard/utenti', '/dashboard/utenti/[id]']));
    const undeclared = routeHandlers().filter((r) => !PUBLIC_ROUTES.has(r.route) && !ROUTE_ROLES[r.route]);
    expect(
      undeclared.map((r) => r.route),
      'route handlers without a declared role in authorization.spec.ts',
    ).toEqual([]);
  });

  test('dashboard pages: no session -> /accedi; too low a role -> 403; the right role -> the page', async () => {
    for (const template of dashboardPages()) {
      const min = minRoleOfPage(template);
      const { url } = resolve(template);
      for (const [label, headers] of HEADER_VARIANTS) {
        const anon = await anonymous.get(url, { headers });
        refusedAsAnonymous(anon.status(), anon.headers()['location'], `GET ${url}${label} without a session`);
        for (const role of ['VIEWER', 'EDITOR', 'ADMIN'] as const) {
          const { url: mine, fake } = resolve(template, role);
          const r = await client(role).get(hasRole({ role }, min) ? mine : url, { headers });
          const what = `GET ${url}${label} as ${role} (page needs ${min})`;
          if (!hasRole({ role }, min)) expect(r.status(), what).toBe(403);
          else expect(fake ? [200, 404] : [200], `${what}: got ${r.status()} ${r.headers()['location'] ?? ''}`).toContain(r.status());
        }
      }
    }
  });

  test('route handlers: no session -> 401; too low a role -> 403', async () => {
    for (const { route, methods } of routeHandlers()) {
      const min = ROUTE_ROLES[route];
      if (!min) continue;
      const { url } = resolve(route);
      for (const method of methods) {
        for (const [label, headers] of HEADER_VARIANTS) {
          const call = (who: Who) =>
            client(who).fetch(resolve(route, who).url, {
              method,
              headers: { ...headers, 'content-type': 'application/json' },
              data: method === 'GET' ? undefined : '{}',
            });
          const anon = await call('none');
          expect(anon.status(), `${method} ${url}${label} without a session`).toBe(401);
          for (const role of ['VIEWER', 'EDITOR', 'ADMIN'] as const) {
            if (hasRole({ role }, min)) {
              if (method !== 'GET') continue; // never run a mutation for real here
              const ok = await call(role);
              const { fake } = resolve(route, role);
              expect(fake ? [200, 404] : [200], `${method} ${url}${label} as ${role}: ${ok.status()}`).toContain(ok.status());
            } else {
              expect((await call(role)).status(), `${method} ${url}${label} as ${role} (needs ${min})`).toBe(403);
            }
          }
        }
      }
    }
  });

  test('API routes: no key, a wrong, malformed or revoked key, or a staff session alone -> 401', async () => {
    const doc = (await (await anonymous.get('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const apiRoutes = apiV1Routes();
    expect(apiRoutes.length).toBeGreaterThanOrEqual(4);
    const wrongKey = `bnd_${'0'.repeat(12)}_${'1'.repeat(64)}`;
    const attempts: [string, Record<string, string>, APIRequestContext][] = [
      ['no key', {}, anonymous],
      ['a wrong key', { authorization: `Bearer ${wrongKey}` }, anonymous],
      ['a malformed key', { authorization: `Bearer ${apiKey.slice(0, -1)}` }, anonymous],
      ['a revoked key', { authorization: `Bearer ${revokedKey}` }, anonymous],
      ['an admin session and no key', {}, sessions.ADMIN!],
    ];
    let checked = 0;
    for (const route of apiRoutes) {
      const openapiPath = route.replace(/\[(\w+)\]/g, '{$1}');
      const item = doc.paths[openapiPath];
      expect(item, `${openapiPath} is described in openapi.json`).toBeDefined();
      for (const [method, op] of Object.entries(item!)) {
        if (Array.isArray(op.security) && op.security.length === 0) continue; // public by design (the description itself)
        const url = route.replace(/\[(\w+)\]/g, FAKE_ID);
        for (const [who, auth, requester] of attempts) {
          for (const [label, headers] of HEADER_VARIANTS) {
            const r = await requester.fetch(url, {
              method: method.toUpperCase(),
              headers: { ...auth, ...headers, 'content-type': 'application/json' },
              data: method === 'get' ? undefined : { title: 'x', body: 'y', urgency: 'normal' },
            });
            expect(r.status(), `${method.toUpperCase()} ${url} with ${who}${label}`).toBe(401);
            expect((await r.json()).error.code).toBe('unauthenticated');
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
    // The working key does get through: the refusals above are about the key, not the route.
    expect((await anonymous.get('/api/v1/stats', { headers: { authorization: `Bearer ${apiKey}` } })).status()).toBe(200);
  });

  test('server actions: replayed without a session or by a role that does not see the form -> refused, no effect', async ({ browser }) => {
    test.setTimeout(300_000);
    const formsBy: Record<Role, Map<string, ActionForm[]>> = { ADMIN: new Map(), EDITOR: new Map(), VIEWER: new Map() };
    for (const template of dashboardPages()) {
      const { url } = resolve(template);
      for (const role of ['ADMIN', 'EDITOR', 'VIEWER'] as const) formsBy[role].set(url, await actionForms(browser, sessions[role]!, url));
    }
    const all = [...formsBy.ADMIN.entries()].flatMap(([url, forms]) => forms.map((f) => ({ url, form: f })));
    // Actions are endpoints of their own: one a role can use anywhere (e.g. "Esci" in the header) is its to use.
    const usable = (role: Role) => new Set([...formsBy[role].values()].flat().map((f) => f.actionId));
    expect(all.length, 'server-action forms found on the dashboard pages').toBeGreaterThanOrEqual(3);
    expect(
      all.some((a) => a.url === '/dashboard/chiavi-api'),
      'the API key form is among them',
    ).toBe(true);

    const before = await fingerprint();
    for (const { url, form } of all) {
      for (const [label, headers] of HEADER_VARIANTS) {
        const what = `action ${form.actionId} (${form.summary}) on ${url}${label} without a session`;
        const r = await replay(anonymous, url, form, headers);
        refusedAsAnonymous(r.status, r.location, what);
        const f = await replayAsFetch(anonymous, url, form, headers);
        // A fetch-style action answers a redirect with 200 and x-action-redirect.
        refusedAsAnonymous(f.status === 200 && f.location ? 303 : f.status, f.location, `${what} (fetch)`);
      }
    }
    const replayedBy: Record<string, string[]> = { VIEWER: [], EDITOR: [] };
    for (const role of ['VIEWER', 'EDITOR'] as const) {
      const mine = usable(role);
      for (const { url, form } of all) {
        if (mine.has(form.actionId)) continue;
        for (const [label, headers] of HEADER_VARIANTS) {
          const what = `action ${form.actionId} (${form.summary}) on ${url}${label} replayed by ${role}`;
          const f = await replayAsFetch(client(role), url, form, headers);
          expect(f.status, `${what} (fetch): got ${f.status} ${f.location ?? ''}`).toBe(403);
          // Without JavaScript Next.js renders its not-found page for forbidden() thrown in an action
          // (action-handler.js answers { type: 'not-found' }), so 404 is a refusal too here.
          const r = await replay(client(role), url, form, headers);
          expect([403, 404], `${what}: got ${r.status} ${r.location ?? ''}`).toContain(r.status);
        }
        replayedBy[role]!.push(`${url}: ${form.summary}`);
      }
    }
    test.info().annotations.push({ type: 'replayed', description: JSON.stringify(replayedBy) });
    // Editors must have met the admin-only forms (API keys, users), viewers the editors' ones too.
    expect(replayedBy.EDITOR!.some((r) => r.startsWith('/dashboard/chiavi-api'))).toBe(true);
    expect(replayedBy.VIEWER!.length).toBeGreaterThan(replayedBy.EDITOR!.length);
    expect(await fingerprint(), 'the database is unchanged by the refused actions').toBe(before);

    // Control: the same replays by an admin do work, so the refusals above come from the checks.
    const keyForm = all.find((a) => a.url === '/dashboard/chiavi-api' && a.form.fields.some((f) => f.name === 'name'))!;
    const named = (name: string) => ({ ...keyForm.form, fields: keyForm.form.fields.map((f) => (f.name === 'name' ? { ...f, value: name } : f)) });
    const countKeys = (name: string) => withDb(async (db) => (await db.query('SELECT 1 FROM api_keys WHERE name = $1', [name])).rowCount);
    expect((await replayAsFetch(client('ADMIN'), keyForm.url, named('Controllo replay fetch'), {})).status).toBe(200);
    expect((await replay(client('ADMIN'), keyForm.url, named('Controllo replay form'), {})).status).toBe(200);
    expect([await countKeys('Controllo replay fetch'), await countKeys('Controllo replay form')]).toEqual([1, 1]);
  });
});
