import type { APIRequestContext, Browser } from '@playwright/test';
import { BASE_URL } from './staff-http';

/* Server-action forms, read from the server-rendered HTML (JavaScript off, as a no-JS browser sees them), and their replay (authorization.spec.ts). */

export interface ActionForm {
  actionId: string;
  /** Arguments bound to the action before the form data (useActionState binds its state). */
  bound: unknown[];
  summary: string;
  fields: { name: string; value: string }[];
}

export async function actionForms(browser: Browser, session: APIRequestContext, url: string): Promise<ActionForm[]> {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: BASE_URL, storageState: await session.storageState() });
  try {
    const page = await context.newPage();
    // A 403 page is read too: the shell around it (header, "Esci") still offers actions.
    await page.goto(url);
    return await page.$$eval('form', (forms) =>
      forms.flatMap((form) => {
        const fields: { name: string; value: string }[] = [];
        let actionId = '';
        let bound: unknown[] = [];
        const elements = Array.from(form.elements) as (HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement)[];
        for (const el of elements) {
          if (!el.name) continue;
          const m = /^\$ACTION_ID_(.+)$/.exec(el.name);
          if (m) actionId = m[1]!;
          // A bound action (React's form encoding): root {id, bound: "$@1"}, bound arguments in field 1.
          const ref = /^(\$ACTION_.+:)0$/.exec(el.name);
          if (ref) {
            const root = JSON.parse(el.value) as { id: string; bound: string | null };
            actionId = root.id;
            const boundRef = root.bound;
            const boundField = boundRef ? elements.find((e) => e.name === `${ref[1]}${boundRef.replace('$@', '')}`) : undefined;
            bound = boundField ? (JSON.parse(boundField.value) as unknown[]) : [];
          }
          let value = el.value;
          if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
            if (!el.checked) continue;
          } else if (!el.name.startsWith('$ACTION') && value === '') {
            const type = el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase();
            value =
              type === 'email'
                ? 'replay@comune.example.it'
                : type === 'password'
                  ? 'Una password di prova lunga 2026'
                  : type === 'number'
                    ? '1'
                    : type === 'datetime-local'
                      ? '2030-01-01T10:00'
                      : 'Prova di accesso';
          }
          if (!fields.some((f) => f.name === el.name)) fields.push({ name: el.name, value });
        }
        if (!actionId) return [];
        const summary =
          (form.getAttribute('aria-labelledby') && document.getElementById(form.getAttribute('aria-labelledby')!)?.textContent) ||
          form.querySelector('button[type=submit], button:not([type])')?.textContent ||
          'form';
        return [{ actionId, bound, summary: summary.trim(), fields }];
      }),
    );
  } finally {
    await context.close();
  }
}

/** Posts the form as a browser without JavaScript would (multipart to the page's URL, same origin). */
export async function replay(requester: APIRequestContext, url: string, form: ActionForm, headers: Record<string, string>) {
  const multipart: Record<string, string> = {};
  for (const f of form.fields) multipart[f.name] = f.value;
  const r = await requester.post(url, { multipart, headers: { origin: BASE_URL, ...headers } });
  return { status: r.status(), location: r.headers()['location'] };
}

/**
 * Calls the action as the React client does (Next-Action header, arguments encoded like React's
 * encodeReply: the FormData argument's fields first, prefixed `_1_`, then field 0 with the argument
 * list naming it `$K1` — the server reads the fields as they stream in, so the order matters).
 */
export async function replayAsFetch(requester: APIRequestContext, url: string, form: ActionForm, headers: Record<string, string>) {
  const multipart = new FormData();
  for (const f of form.fields) if (!f.name.startsWith('$ACTION')) multipart.append(`_1_${f.name}`, f.value);
  multipart.append('0', JSON.stringify([...form.bound, '$K1']));
  const r = await requester.post(url, { multipart, headers: { origin: BASE_URL, 'next-action': form.actionId, accept: 'text/x-component', ...headers } });
  return { status: r.status(), location: r.headers()['location'] ?? r.headers()['x-action-redirect'] };
}
