import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { AlertView } from '@/lib/alerts/get-alert';
import { describeHold } from '@/lib/alerts/alert-hold';
import { AlertActions, type ActionContext } from './AlertActions';

/** The buttons of a paused alert as the server renders them: what a person can do depends on why it waits. */
const ctx: ActionContext = {
  action: async () => ({ ok: true, message: '' }) as never,
  launched: true,
  ownPhone: null,
  recipients: null,
  confirm: null,
  sendNotes: [],
  nowInput: '2026-12-03T10:00',
};
const paused = (pausedReason: string) =>
  ({
    id: '00000000-0000-4000-8000-000000000001',
    status: 'PAUSED',
    isWelcome: false,
    hold: describeHold(pausedReason),
    formValues: {},
    can: {
      duplicate: true,
      stop: true,
      sendNow: false,
      schedule: false,
      sendTest: false,
      edit: false,
      approve: false,
      cancel: false,
      correct: false,
      withdraw: false,
    },
  }) as unknown as AlertView;
const render = (reason: string) => renderToStaticMarkup(createElement(AlertActions, { alert: paused(reason), ctx }));

describe('a paused alert’s actions', () => {
  it('held for the number’s quality: no “Riprendi” (the guard resumes it), says so', () => {
    const html = render('number_quality:FLAGGED');
    expect(html).not.toContain('value="resume"');
    expect(html).toContain('Riparte da solo');
  });

  it('held for the template’s category: the way to the decision, no “Riprendi”', () => {
    const html = render('template_category:avviso_comune/it');
    expect(html).not.toContain('value="resume"');
    expect(html).toContain('Decidi sul modello');
  });

  it('paused by Meta’s limits: “Riprendi l’invio”', () => {
    const html = render('meta_131048');
    expect(html).toContain('value="resume"');
    expect(html).toContain('Riprendi l’invio');
  });
});
