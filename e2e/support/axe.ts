import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** WCAG 2.1 A and AA: zero violations, reported readably when there are some (`soft`: the test goes on). */
export async function expectNoAxeViolations(page: Page, { soft = false }: { soft?: boolean } = {}): Promise<void> {
  // After a client-side navigation Next.js streams the page's metadata, so the <title> can arrive a
  // moment after the heading: wait for it (every page must have one), then check the settled page.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 5)
        .join(', ')}`,
  );
  (soft ? expect.soft : expect)(summary, `axe violations on ${page.url()}`).toEqual([]);
}
