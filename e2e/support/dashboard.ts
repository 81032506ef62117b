import { expect, type APIRequestContext, type Browser, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { demoLogin, remember, simulator, simulatorHeaders, withDb } from './service';

/**
 * The staff side of the journeys: logging in (with the authenticator code computed from the
 * secret shown at set-up, as a phone app would), creating an editor with two-step verification,
 * the launch, and subscribers made through their simulated phones.
 */

const totp = (secret: string) => new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

/** Steps already used per secret: the service refuses a code twice, so each login takes a new one. */
const usedSteps = new Map<string, number>();

/**
 * A code the service accepts now and has not seen: the current step, or the next one (the service
 * allows one step of drift) when the current one was used; waits only if both were.
 */
export async function freshTotpCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 30_000);
    const last = usedSteps.get(secret) ?? -1;
    const use = last < step ? step : last < step + 1 ? step + 1 : null;
    if (use !== null) {
      usedSteps.set(secret, use);
      return totp(secret).generate({ timestamp: use * 30_000 + 1_000 });
    }
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

export async function logIn(page: Page, email: string, password: string, totpSecret?: string): Promise<void> {
  await page.goto('/accedi');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
  if (totpSecret) {
    await page.getByLabel('Codice di verifica').fill(await freshTotpCode(totpSecret));
    await page.getByRole('button', { name: 'Accedi' }).click();
  }
  await expect(page).toHaveURL(/\/dashboard(\/|$)/);
}

export async function logInAsAdmin(page: Page): Promise<void> {
  const { email, password } = demoLogin();
  await logIn(page, email, password);
}

export async function logOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page).toHaveURL(/\/accedi/);
}

export interface StaffLogin {
  email: string;
  password: string;
  totpSecret: string;
}

/**
 * An admin (already signed in on `adminPage`) creates an editor in /dashboard/utenti; the editor
 * signs in once with that (temporary) password, is made to choose their own, turns on two-step
 * verification in the profile (reading the secret the page shows for typing into an app), and
 * signs out. The returned password is the editor's own.
 */
export async function createEditorWithTotp(browser: Browser, adminPage: Page, name: string): Promise<StaffLogin> {
  const email = `redazione.${Date.now()}@comune.example.it`;
  const temporary = 'Una frase provvisoria per la redazione 2026';
  const password = 'Una frase lunga per la redazione 2026';
  await adminPage.goto('/dashboard/utenti');
  await adminPage.getByLabel('Email').fill(email);
  await adminPage.getByLabel('Nome e cognome').fill(name);
  await adminPage.getByLabel('Ruolo').selectOption('EDITOR');
  await adminPage.getByLabel('Password (facoltativa)').fill(temporary);
  await adminPage.getByRole('button', { name: 'Crea utente' }).click();
  await expect(adminPage.getByText(`Utente ${email} creato`)).toBeVisible();

  const context = await browser.newContext();
  const page = await context.newPage();
  await logIn(page, email, temporary);
  // A password set by an admin is temporary: the profile's password form comes before anything.
  await expect(page).toHaveURL(/\/dashboard\/profilo$/);
  await page.getByLabel('Password attuale').fill(temporary);
  await page.getByLabel('Nuova password', { exact: true }).fill(password);
  await page.getByLabel('Ripeti la nuova password').fill(password);
  await page.getByRole('button', { name: 'Cambia password' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto('/dashboard/profilo/due-passaggi');
  await page.getByRole('button', { name: 'Configura la verifica in due passaggi' }).click();
  const shown = await page
    .getByText(/Inserisci a mano questa chiave/)
    .locator('code')
    .innerText();
  const totpSecret = shown.replace(/\s+/g, '');
  await page.getByLabel('Codice di verifica').fill(await freshTotpCode(totpSecret));
  await page.getByRole('button', { name: 'Attiva' }).click();
  await expect(page.getByText('Verifica in due passaggi attiva.')).toBeVisible();
  await logOut(page);
  await context.close();
  return { email, password, totpSecret };
}

/** The launch state as the database has it (null = not launched). */
export async function launchedAt(): Promise<string | null> {
  return withDb(async (db) => {
    const r = await db.query<{ value: unknown }>(`SELECT value FROM settings WHERE key = 'launchedAt'`);
    const v = r.rows[0]?.value;
    return typeof v === 'string' ? v : null;
  });
}

/**
 * The standard templates approved at Meta (the simulator approves a submitted one after a few
 * seconds and says so with a webhook): syncs from the templates page when one is not, as staff
 * would, and waits for "Approvato". Editors and admins may both do it.
 */
export async function ensureTemplatesApproved(page: Page): Promise<void> {
  const rows = () => ['avviso_comune', 'benvenuto_servizio'].map((name) => page.getByRole('row', { name: new RegExp(name) }));
  const allApproved = async () => {
    for (const row of rows()) if (!(await row.innerText()).includes('Approvato')) return false;
    return true;
  };
  await page.goto('/dashboard/modelli');
  if (await allApproved()) return;
  await page.getByRole('button', { name: 'Sincronizza con Meta' }).click();
  await expect(page.getByText(/Stato aggiornato/)).toBeVisible();
  await expect
    .poll(
      async () => {
        await page.goto('/dashboard/modelli');
        return allApproved();
      },
      { timeout: 30_000 },
    )
    .toBe(true);
}

/** Launches from the panel (admin signed in on `page`) unless an earlier journey already did. */
export async function ensureLaunched(page: Page): Promise<void> {
  if (await launchedAt()) return;
  await ensureTemplatesApproved(page);
  await launchFromPanel(page, true);
}

/** The admin's launch: choose with or without the welcome message, then confirm (`atConfirm` runs on that step). */
export async function launchFromPanel(page: Page, welcome: boolean, atConfirm?: (page: Page) => Promise<void>): Promise<void> {
  await page.goto('/dashboard/lancio');
  await page.getByLabel(welcome ? /Invia il messaggio di benvenuto/ : 'Non inviare nessun messaggio adesso').check({ force: true });
  await page.getByRole('button', { name: 'Avvia il servizio' }).click();
  await expect(page.getByRole('heading', { name: 'Confermi l’avvio del servizio?' })).toBeVisible();
  await atConfirm?.(page);
  await page.getByRole('button', { name: 'Sì, avvia il servizio' }).click();
  await expect(page.getByText('Servizio avviato: da ora gli avvisi arrivano agli iscritti.')).toBeVisible();
}

/** A citizen subscribes from their simulated phone ("Iscrivimi Nome Cognome"): active, every topic. */
export async function subscribeByPhone(request: APIRequestContext, digits: string, firstName: string, lastName: string): Promise<void> {
  remember(firstName, lastName);
  await simulator.send(request, digits, `Iscrivimi ${firstName} ${lastName}`, firstName);
  const [reply] = await simulator.repliesFor(request, digits, 1);
  expect(reply).toContain(`Ciao ${firstName}`);
}

/** The citizen writes "Argomenti" and picks one topic in the list WhatsApp shows: it is switched off (or on). */
export async function toggleTopicByPhone(request: APIRequestContext, digits: string, slug: string): Promise<void> {
  const before = (await simulator.messages(request, digits)).filter((m) => m.from === 'comune').length;
  await simulator.send(request, digits, 'Argomenti');
  await simulator.repliesFor(request, digits, before + 1);
  const list = (await simulator.messages(request, digits)).filter((m) => m.from === 'comune').at(-1)!;
  const r = await request.post(`/simulatore/api/phones/${digits}/messages`, {
    data: { type: 'list_reply', id: `topic:${slug}`, title: slug, contextId: list.id },
    headers: simulatorHeaders(),
  });
  expect(r.ok()).toBe(true);
  const texts = await simulator.repliesFor(request, digits, before + 2);
  expect(texts.at(-1)).toContain('Ora ricevi avvisi su');
}

/** Comune messages on a simulated phone whose text contains `fragment`. */
export async function messagesContaining(request: APIRequestContext, digits: string, fragment: string) {
  return (await simulator.messages(request, digits)).filter((m) => m.from === 'comune' && (m.text ?? '').includes(fragment));
}
