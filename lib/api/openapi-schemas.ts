/**
 * The component schemas of the OpenAPI description, generated from the zod schemas the API
 * validates with and answers in (zod 4's JSON Schema output, draft 2020-12 as OpenAPI 3.1 uses).
 * Descriptions live next to the fields, in `.meta()`; every schema listed here is a component and
 * is referenced by `$ref` wherever another one nests it.
 */
import { z } from 'zod';
import { alertComposeSchema } from '../alerts/schema';
import type { JsonSchema } from './openapi-types';
import {
  adviceSchema,
  alertCreatedSchema,
  alertStatusSchema,
  alertStoppedSchema,
  alertWithdrawnSchema,
  apiAlertStatusSchema,
  correctionCreatedSchema,
  correctionInputSchema,
  reasonInputSchema,
  deliveryCountsSchema,
  errorBodySchema,
  statsSchema,
  topicsSchema,
  zonesSchema,
} from './schemas';

const uri = (id: string) => `#/components/schemas/${id}`;

/** Answers may gain fields in a later version: clients must not be told that extra fields are errors. */
function openToNewFields(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openToNewFields);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([k, v]) => !(k === 'additionalProperties' && v === false))
      .map(([k, v]) => [k, openToNewFields(v)]),
  );
}

function components(io: 'input' | 'output', entries: Record<string, z.ZodType>): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(entries)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri, target: 'draft-2020-12', unrepresentable: 'throw' });
  return Object.fromEntries(
    Object.entries(schemas).map(([id, s]) => {
      // `$schema` and `$id` belong to stand-alone documents, not to OpenAPI components.
      const rest = Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema' && k !== '$id'));
      return [id, (io === 'output' ? openToNewFields(rest) : rest) as JsonSchema];
    }),
  );
}

/** The zod schema behind each component: requests (input side) and answers (output side). */
export const REQUEST_SCHEMAS = {
  AlertInput: alertComposeSchema,
  CorrectionInput: correctionInputSchema,
  ReasonInput: reasonInputSchema,
} as const satisfies Record<string, z.ZodType>;
export const RESPONSE_SCHEMAS = {
  AlertCreated: alertCreatedSchema,
  AlertStatusName: apiAlertStatusSchema,
  Advice: adviceSchema,
  DeliveryCounts: deliveryCountsSchema,
  AlertStatus: alertStatusSchema,
  AlertStopped: alertStoppedSchema,
  CorrectionCreated: correctionCreatedSchema,
  AlertWithdrawn: alertWithdrawnSchema,
  Stats: statsSchema,
  Topics: topicsSchema,
  Zones: zonesSchema,
  Error: errorBodySchema,
} as const satisfies Record<string, z.ZodType>;
export const API_ZOD_SCHEMAS: Record<string, z.ZodType> = { ...REQUEST_SCHEMAS, ...RESPONSE_SCHEMAS };

export function componentSchemas(): Record<string, JsonSchema> {
  const input = components('input', REQUEST_SCHEMAS);
  return {
    // The form's schema ignores unknown fields; the API refuses them (alerts-api.ts).
    AlertInput: { ...input.AlertInput, additionalProperties: false },
    CorrectionInput: { ...input.CorrectionInput, additionalProperties: false },
    ReasonInput: { ...input.ReasonInput, additionalProperties: false },
    ...components('output', RESPONSE_SCHEMAS),
  };
}
