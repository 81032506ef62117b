import { expect, type Page } from '@playwright/test';
import { simulatorToken } from './service';

/** Drives the simulated phone page (/simulatore/) like a person would. */
export class SimulatedPhone {
  constructor(private readonly page: Page) {}

  async open(digits: string, profileName: string): Promise<void> {
    // As from the start-up link: the token comes in the fragment and stays in the tab's sessionStorage.
    await this.page.goto(`/simulatore/#token=${encodeURIComponent(simulatorToken())}`);
    await this.page.getByLabel('Numero di telefono').fill(`+${digits}`);
    await this.page.getByLabel('Nome profilo').fill(profileName);
    await this.page.getByLabel('Numero di telefono').press('Enter');
  }

  async send(text: string): Promise<void> {
    await this.page.getByLabel('Messaggio').fill(text);
    await this.page.getByRole('button', { name: 'Invia', exact: true }).click();
  }

  /** Waits for the comune's n-th message (1-based) and returns its text. */
  async reply(n: number): Promise<string> {
    const fromComune = this.page.getByRole('list', { name: 'Conversazione' }).locator('[data-from="comune"]');
    await expect(fromComune).toHaveCount(n, { timeout: 15_000 });
    return (await fromComune.nth(n - 1).innerText()).trim();
  }
}
