import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { alertComposeSchema } from '../alerts/schema';
import { ALERT_FIELDS } from './alerts-api';
import { openApiDocument } from './openapi';
import { statsQuerySchema } from './schemas';
import { API_ZOD_SCHEMAS } from './openapi-schemas';
import type { MediaType, Operation, ResponseObject } from './openapi-types';

/*
 * The component schemas are generated from zod. A JSON Schema validator (Ajv, draft 2020-12 as in
 * OpenAPI 3.1) checks that what the document promises is what the code does: every example passes
 * both, and requests the handlers accept or refuse are accepted or refused by the document too.
 */
const doc = openApiDocument('https://avvisi.comune.example.it');
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
const documented = (name: string) => ajv.getSchema(`#/components/schemas/${name}`)!;

const ZOD = API_ZOD_SCHEMAS;

/** The API refuses unknown fields before the form's schema runs (alerts-api.ts). */
const handlerAccepts = (body: Record<string, unknown>) =>
  Object.keys(body).every((k) => ALERT_FIELDS.includes(k)) && alertComposeSchema.safeParse(body).success;

describe('OpenAPI component schemas generated from zod', () => {
  it('every example of the document validates against its generated schema and its zod schema', () => {
    let checked = 0;
    const check = (media: MediaType | undefined, where: string) => {
      const name = (media?.schema as { $ref?: string } | undefined)?.$ref?.split('/').pop();
      if (!media?.examples || !name) return;
      for (const [exName, ex] of Object.entries(media.examples)) {
        const validate = documented(name);
        expect(validate(ex.value) ? null : validate.errors, `${where} ${exName} (JSON Schema)`).toBeNull();
        expect(ZOD[name]!.safeParse(ex.value).success, `${where} ${exName} (zod)`).toBe(true);
        checked += 1;
      }
    };
    for (const [p, item] of Object.entries(doc.paths)) {
      for (const [m, op] of Object.entries(item) as [string, Operation][]) {
        check(op.requestBody?.content['application/json'], `${m} ${p} request`);
        for (const param of op.parameters ?? []) {
          if (param.in === 'query' && param.example !== undefined)
            expect(statsQuerySchema.safeParse({ [param.name]: String(param.example) }).success, `${m} ${p} ?${param.name}`).toBe(true);
        }
        for (const r of Object.values(op.responses)) {
          const resolved = '$ref' in r ? doc.components.responses[r.$ref.split('/').pop()!]! : (r as ResponseObject);
          check(resolved.content?.['application/json'], `${m} ${p}`);
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(15);
  });

  const base = { title: 'Via Roma chiusa', body: 'Via Roma è chiusa per lavori fino alle 18.', urgency: 'normal' };
  const samples: [string, Record<string, unknown>][] = [
    ['a minimal draft', base],
    [
      'every field',
      {
        ...base,
        topics: ['viabilita'],
        urgency: 'urgent',
        urgentReason: 'Frana',
        link: 'https://www.comune.conegliano.tv.it/x',
        send: true,
        publicArchive: false,
      },
    ],
    ['a scheduled alert', { ...base, scheduledAt: '2026-12-01T07:30:00Z' }],
    ['an empty link (the form sends one)', { ...base, link: '' }],
    ['no title', { body: base.body, urgency: 'normal' }],
    ['an empty title', { ...base, title: '' }],
    ['a title too long', { ...base, title: 'x'.repeat(200) }],
    ['a body too long', { ...base, body: 'x'.repeat(1025) }],
    ['an unknown urgency', { ...base, urgency: 'very' }],
    ['an empty topic list', { ...base, topics: [] }],
    ['a topic that is not a slug', { ...base, topics: ['Via Roma'] }],
    ['an unknown field', { ...base, sendNow: true }],
    ['send as a string', { ...base, send: 'yes' }],
  ];
  it.each(samples)('AlertInput: the document and the handler agree on %s', (_label, body) => {
    expect(documented('AlertInput')(body)).toBe(handlerAccepts(body));
  });

  it('answers stay open to fields a later version adds; requests do not', () => {
    expect(
      documented('AlertCreated')({
        id: '5b0e6f0c-3c1e-4d2a-9f3b-2a7c1d9e4f10',
        status: 'draft',
        recipients: 3,
        releaseAt: null,
        heldForQuietHours: false,
        advice: [],
        zones: [],
      }),
    ).toBe(true);
    expect(documented('AlertInput')({ ...base, channels: ['telegram'] })).toBe(false);
  });
});
