import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

/**
 * publiccode.yml (standard 0.7, https://github.com/publiccodeyml/publiccode.yml): every key the
 * standard marks mandatory, with the values it allows, and the facts it states kept true against
 * the repository (licence, version, languages).
 */
const root = path.resolve(import.meta.dirname, '../..');
const text = z.string().min(1);
const description = z.object({ shortDescription: text, longDescription: text, features: z.array(text).min(1) });
/** The keys the standard marks mandatory (and the optional ones this file states), as the standard types them. */
const Publiccode = z.object({
  publiccodeYmlVersion: text,
  name: text,
  url: text,
  softwareVersion: text,
  releaseDate: text,
  platforms: z.union([text, z.array(text).min(1)]),
  categories: z.array(text).min(1),
  developmentStatus: text,
  softwareType: text,
  supports: z.array(z.object({ id: text })).min(1),
  intendedAudience: z.object({ countries: z.array(text), scope: z.array(text) }),
  organisation: z.object({ uri: text, name: text }),
  description: z.record(z.string(), description),
  legal: z.object({ license: text }),
  maintenance: z.object({
    type: text,
    contacts: z.array(z.object({ name: text })).optional(),
    contractors: z.array(z.object({ name: text, until: text })).optional(),
  }),
  localisation: z.object({ localisationReady: z.boolean(), availableLanguages: z.array(text).min(1) }),
});
const doc = Publiccode.parse(parse(readFileSync(path.join(root, 'publiccode.yml'), 'utf8')));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; license: string };

const SOFTWARE_TYPES = [
  'standalone/mobile',
  'standalone/iot',
  'standalone/desktop',
  'standalone/web',
  'standalone/backend',
  'standalone/other',
  'addon',
  'library',
  'configurationFiles',
];
const STATUSES = ['concept', 'development', 'beta', 'stable', 'obsolete'];
const SUPPORT_ALIASES = ['gdpr', 'eidas', 'nis2', 'cra', 'spid', 'cie', 'anpr', 'pagopa', 'io'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

describe('publiccode.yml', () => {
  it('has every mandatory top-level key with an allowed value', () => {
    expect(doc.publiccodeYmlVersion).toBe('0.7');
    expect(doc.name).toBe('Banditore');
    expect(doc.url).toMatch(/^https:\/\/\S+\.git$/);
    expect([doc.platforms].flat()).toContain('web');
    expect(STATUSES).toContain(doc.developmentStatus);
    expect(SOFTWARE_TYPES).toContain(doc.softwareType);
  });

  it('describes the software in Italian and English within the standard limits', () => {
    for (const lang of ['it', 'en']) {
      const d = doc.description[lang]!;
      expect(d, lang).toBeDefined();
      expect(d.shortDescription.trim().length, `${lang} shortDescription`).toBeLessThanOrEqual(150);
      expect(d.shortDescription).not.toContain('\n');
      expect(d.longDescription.length, `${lang} longDescription`).toBeGreaterThanOrEqual(150);
      expect(d.longDescription.length).toBeLessThanOrEqual(10_000);
      expect(d.features.length, `${lang} features`).toBeGreaterThanOrEqual(5);
      for (const f of d.features) expect(typeof f).toBe('string');
    }
  });

  it('states the licence, version and release the repository has', () => {
    expect(doc.legal.license).toBe(pkg.license);
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^EUROPEAN UNION PUBLIC LICENCE v\. 1\.2/);
    expect(doc.softwareVersion).toBe(pkg.version);
    expect(doc.releaseDate).toMatch(ISO_DATE);
    expect(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8')).toContain(`## [${pkg.version}] - ${doc.releaseDate}`);
  });

  it('has maintenance, localisation, supports and the organisation of the first adopter', () => {
    expect(['internal', 'contract', 'community', 'none']).toContain(doc.maintenance.type);
    if (doc.maintenance.type === 'contract') {
      for (const c of doc.maintenance.contractors ?? []) expect(c.until).toMatch(ISO_DATE);
    } else if (doc.maintenance.type !== 'none') {
      expect(doc.maintenance.contacts?.length).toBeGreaterThan(0);
    }
    expect(doc.localisation.localisationReady).toBe(true);
    expect(doc.localisation.availableLanguages).toContain('it');
    // An id is a known alias or a URI of the standard or regulation itself.
    for (const s of doc.supports) if (s.id.startsWith('alias:')) expect(SUPPORT_ALIASES.map((a) => `alias:${a}`)).toContain(s.id);
    expect(doc.supports.map((s) => s.id)).toContain('alias:gdpr');
    expect(doc.organisation.uri).toMatch(/^urn:x-italian-pa:\S+$/);
    expect(doc.organisation.name).toBe('Comune di Conegliano');
  });

  it('uses only categories and scopes of the standard lists', () => {
    // A subset of the controlled vocabularies (categories-list.rst, scope-list.rst) large enough for this software.
    const categories = ['communications', 'instant-messaging', 'digital-citizenship', 'content-management', 'data-analytics'];
    const scopes = ['local-authorities', 'emergency-services', 'transportation', 'government', 'society'];
    for (const c of doc.categories) expect(categories).toContain(c);
    for (const s of doc.intendedAudience.scope) expect(scopes).toContain(s);
    for (const c of doc.intendedAudience.countries) expect(c).toMatch(/^[A-Z]{2}$/);
  });
});
