import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { UserActions } from './UserActions';

/** The user's page as the server renders it (no JavaScript): the single sign-on control. */
const render = (oidcIssuer: string | null) =>
  renderToStaticMarkup(
    createElement(UserActions, { id: '00000000-0000-4000-8000-000000000001', role: 'EDITOR', disabled: false, totpEnabled: false, oidcIssuer, self: false }),
  );

describe('the single sign-on control on a user’s page', () => {
  it('offers to clear a binding only behind a second click, naming the provider', () => {
    const html = render('https://login.comune.example.it/realms/comune');
    expect(html).toContain('<code>https://login.comune.example.it/realms/comune</code>');
    const details = /<details>([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(details).toContain('<summary class="text-danger">Scollega l’accesso unico…</summary>');
    expect(details).toContain('name="op" value="clear-oidc"');
    expect(details).toContain('name="id" value="00000000-0000-4000-8000-000000000001"');
    expect(details).toContain('Conferma: scollega l’accesso unico');
    // Outside <details> there is no form that clears it.
    expect(html.replace(details, '')).not.toContain('clear-oidc');
  });

  it('is absent for a user with no binding', () => {
    const html = render(null);
    expect(html).not.toContain('clear-oidc');
    expect(html).not.toContain('Accesso unico');
  });
});
