import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { API_SCOPES } from '../access/api-scopes';
import { ALERT_FIELDS } from './alerts-api';
import { getOpenApi } from './handlers';
import { openApiDocument } from './openapi';
import { API_ZOD_SCHEMAS } from './openapi-schemas';
import type { Operation } from './openapi-types';

const doc = openApiDocument('https://avvisi.comune.example.it');
const API_DIR = path.resolve(import.meta.dirname, '../../app/api/v1');

/** Every route file under app/api/v1 as [OpenAPI path, method]; catch-all segments are not endpoints. */
function routeFiles(dir = API_DIR, prefix = '/api/v1'): [string, string][] {
  const out: [string, string][] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (entry.name.startsWith('[...') || entry.name.startsWith('[[...')) continue;
      const seg = entry.name.replace(/^\[(\w+)\]$/, '{$1}');
      out.push(...routeFiles(path.join(dir, entry.name), `${prefix}/${seg}`));
    } else if (/^route\.tsx?$/.test(entry.name)) {
      const src = readFileSync(path.join(dir, entry.name), 'utf8');
      for (const m of src.matchAll(/export\s+(?:async\s+function|const|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)) out.push([prefix, m[1]!.toLowerCase()]);
    }
  }
  return out;
}

const operations = (): [string, string, Operation][] =>
  Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).map(([m, op]) => [p, m, op as Operation] as [string, string, Operation]));

const ZOD = API_ZOD_SCHEMAS;

describe('OpenAPI description', () => {
  it('describes every route under app/api/v1 and nothing that does not exist', () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const [p, m] of files) expect(doc.paths[p]?.[m as 'get'], `${m.toUpperCase()} ${p} is not in openapi.ts`).toBeDefined();
    const described = operations().map(([p, m]) => `${m} ${p}`);
    expect(described.sort()).toEqual(files.map(([p, m]) => `${m} ${p}`).sort());
  });

  it('lists the same fields as the zod schemas, with the same required ones', () => {
    for (const [name, schema] of Object.entries(ZOD)) {
      if (!(schema instanceof z.ZodObject)) continue;
      const json = doc.components.schemas[name] as { properties: Record<string, unknown>; required?: string[] };
      const shape = (schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
      expect(Object.keys(json.properties).sort(), name).toEqual(Object.keys(shape).sort());
      const required = Object.keys(shape).filter((k) => !shape[k]!.safeParse(undefined).success);
      expect([...(json.required ?? [])].sort(), name).toEqual(required.sort());
    }
    expect(Object.keys((doc.components.schemas.AlertInput as { properties: object }).properties).sort()).toEqual([...ALERT_FIELDS].sort());
  });

  it('is served as JSON with the public URL, and only itself needs no key', async () => {
    const r = getOpenApi({ publicUrl: 'https://avvisi.comune.example.it' });
    expect(r.headers.get('content-type')).toContain('application/json');
    const served = (await r.json()) as typeof doc;
    expect(served.openapi).toBe('3.1.0');
    expect(served.servers).toEqual([{ url: 'https://avvisi.comune.example.it' }]);
    const open = operations().filter(([, , op]) => op.security !== undefined && op.security.length === 0);
    expect(open.map(([p]) => p)).toEqual(['/api/v1/openapi.json']);
    for (const [p, m, op] of operations()) if (op.security?.length !== 0) expect(op.responses['401'], `${m} ${p} documents 401`).toBeDefined();
  });

  it('lists the scopes each keyed operation needs, all known, and documents 403 insufficient_scope', () => {
    for (const [p, m, op] of operations()) {
      if (op.security?.length === 0) continue;
      const scopes = (op.security ?? []).flatMap((r) => r.bearerAuth ?? []);
      expect(scopes.length, `${m} ${p} lists its scopes`).toBeGreaterThan(0);
      for (const s of scopes) expect(API_SCOPES, `${m} ${p}`).toContain(s);
      expect(op.responses['403'], `${m} ${p} documents 403`).toBeDefined();
    }
    expect(doc.components.securitySchemes.bearerAuth!.description).toContain('alerts:draft');
  });
});
