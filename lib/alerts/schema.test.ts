import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../settings/defaults';
import { standardShape } from '../templates/standard';
import { fieldErrorsFromZod as fieldErrors } from '../errors';
import { alertComposeSchema, alertSchemaFor, toAlertContent } from './schema';
import { flattenText, LINK_LABEL, validateForTemplate } from '../templates/template-fit';

const template = standardShape(defaultSettings, 'alert');
const valid = { title: 'Via Roma chiusa', body: 'Dalle 20 alle 24 Via Roma è chiusa.', urgency: 'normal' as const };

describe('alertComposeSchema', () => {
  it('accepts the API shape and maps it to the domain content', () => {
    const r = alertComposeSchema.safeParse({ ...valid, topics: ['viabilita', 'viabilita'], link: 'https://comune.example.it/x' });
    expect(r.success).toBe(true);
    expect(toAlertContent(r.data!)).toEqual({
      title: 'Via Roma chiusa',
      body: 'Dalle 20 alle 24 Via Roma è chiusa.',
      link: 'https://comune.example.it/x',
      urgency: 'NORMAL',
      urgentReason: null,
      topicSlugs: ['viabilita'],
      zoneSlugs: null,
      publicArchive: true,
    });
  });

  it('omitted topics mean every topic; an empty list is refused', () => {
    expect(toAlertContent(alertComposeSchema.parse(valid)).topicSlugs).toBeNull();
    const r = alertComposeSchema.safeParse({ ...valid, topics: [] });
    expect(fieldErrors(r.error!).topics).toEqual(['Scegli almeno un argomento, oppure «Tutti gli argomenti».']);
  });

  it('gives Italian messages for each rule', () => {
    const r = alertComposeSchema.safeParse({
      title: 'x'.repeat(61),
      body: '   ',
      urgency: 'urgent',
      link: 'http://example.it',
      scheduledAt: '2026-02-30T10:00',
      send: true,
    });
    expect(fieldErrors(r.error!)).toEqual({
      title: ['Il titolo può avere al massimo 60 caratteri.'],
      body: ['Scrivi il testo dell’avviso.'],
      link: ['Il link deve essere un indirizzo completo che inizia con https://'],
      scheduledAt: ['Data e ora non valide (esempio: 2026-11-30T08:00).', 'Scegli: inviare subito oppure programmare.'],
      urgentReason: ['Per un avviso urgente scrivi il motivo: viene registrato.'],
    });
  });

  it('refuses sending now and scheduling at once, and a multi-line title', () => {
    const r = alertComposeSchema.safeParse({ ...valid, title: 'Due\nrighe', send: true, scheduledAt: '2026-12-01T08:00' });
    expect(fieldErrors(r.error!)).toMatchObject({
      title: ['Il titolo deve stare su una sola riga.'],
      scheduledAt: ['Scegli: inviare subito oppure programmare.'],
    });
  });

  it('with the template, refuses a text that does not fit once the fixed text is added', () => {
    const fixed = template.body.replace('{{1}}', '').replace('{{2}}', '').length;
    const room = 1024 - fixed - valid.title.length;
    expect(alertSchemaFor(template).safeParse({ ...valid, body: 'a'.repeat(room) }).success).toBe(true);
    const r = alertSchemaFor(template).safeParse({ ...valid, body: 'a'.repeat(room + 1) });
    expect(fieldErrors(r.error!).body).toEqual([expect.stringMatching(/^L’avviso è troppo lungo: 1025 caratteri su 1024 .*Togli almeno 1 carattere\.$/)]);
  });
});

describe('flattenText', () => {
  it('joins lines with a dash and list items with a bullet; no newline, tab or 5 spaces survive', () => {
    const r = flattenText('Strade chiuse:\n- Via Roma\n* Via Verdi\n\nDeviazione\tda     Piazza Cima.\r\nGrazie');
    expect(r.text).toBe('Strade chiuse: • Via Roma • Via Verdi — Deviazione da Piazza Cima. — Grazie');
    expect(r.joinedLines).toBe(true);
    expect(r.squeezedSpaces).toBe(true);
    expect(r.text).not.toMatch(/[\n\r\t]| {5,}/);
  });

  it('leaves a one-line text alone', () => {
    expect(flattenText('  *Attenzione*: ponte chiuso.  ')).toEqual({ text: '*Attenzione*: ponte chiuso.', joinedLines: false, squeezedSpaces: false });
  });
});

describe('validateForTemplate', () => {
  it('returns the exact parameters, the preview the phone shows, and the counts', () => {
    const fit = validateForTemplate({ title: 'Ponte chiuso', body: 'Riga uno\nRiga due', link: 'https://comune.example.it/a' }, template);
    expect(fit.ok).toBe(true);
    expect(fit.params).toEqual(['Ponte chiuso', `Riga uno — Riga due${LINK_LABEL}https://comune.example.it/a`]);
    expect(fit.preview).toBe(template.body.replace('{{1}}', fit.params[0]!).replace('{{2}}', fit.params[1]!));
    expect(fit.preview).toContain('*Avviso del Comune di Conegliano*');
    expect(fit.footer).toBe('Per cancellarti scrivi CANCELLAMI');
    expect(fit.charCount).toBe(fit.preview.length);
    expect(fit.charLimit).toBe(1024);
    expect(fit.textMax).toBe(1024 - (fit.preview.length - fit.params[1]!.length) - LINK_LABEL.length - 'https://comune.example.it/a'.length);
    expect(fit.warnings.map((w) => w.field)).toEqual(['body']);
    expect(fit.warnings[0]!.message).toContain('andare a capo');
  });

  it('reports errors per field without throwing, for a live preview of a half-written alert', () => {
    const fit = validateForTemplate({ title: '', body: '', link: 'ftp://x' }, template);
    expect(fit.ok).toBe(false);
    expect(fit.errors.map((e) => e.field)).toEqual(['title', 'body', 'link']);
  });

  it('warns about formatting markers in the bold title and when few characters remain', () => {
    const fixed = template.body.replace('{{1}}', '').replace('{{2}}', '').length;
    const fit = validateForTemplate({ title: '*Ponte*', body: 'a'.repeat(1024 - fixed - 7 - 10) }, template);
    expect(fit.ok).toBe(true);
    expect(fit.warnings.map((w) => w.message)).toEqual([expect.stringContaining('grassetto'), 'Restano solo 10 caratteri.']);
  });

  it('refuses a template that does not have the title and text parameters', () => {
    const fit = validateForTemplate(valid, { ...template, body: 'Solo {{1}} qui.', bodyParams: 1 });
    expect(fit.errors[0]).toEqual({ field: 'template', message: expect.stringContaining('non ha la forma prevista') });
  });
});
