import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARD_NAV } from '../../components/dashboard/nav-items';
import type { Role } from '../../lib/access/roles';

/* The dashboard pages and route handlers found on the filesystem, and the role each needs (authorization.spec.ts). */
const APP = path.resolve('app');

/** Pages whose role differs from their navigation section: viewers read alerts, editors write them. */
export const PAGE_ROLE_EXCEPTIONS: Record<string, Role> = {
  '/dashboard/avvisi/nuovo': 'EDITOR',
  '/dashboard/avvisi/[id]/modifica': 'EDITOR',
  '/dashboard/iscritti/importa': 'ADMIN',
};

/** Route handlers reachable without a staff session, by design. */
export const PUBLIC_ROUTES = new Set([
  '/api/auth/[...nextauth]',
  '/api/health',
  '/api/whatsapp/webhook',
  '/api/altcha/challenge',
  '/contatto.vcf',
  '/avvisi/feed.xml',
  '/avvisi/atom.xml',
  '/accedi/sso',
]);
/** Session-protected route handlers and the lowest role each accepts. A new route must be added here. */
export const ROUTE_ROLES: Record<string, Role> = {
  '/api/dashboard/alerts/[id]/progress': 'VIEWER',
  '/api/dashboard/exports/alerts/[id]': 'VIEWER',
  '/api/dashboard/exports/statistics': 'VIEWER',
  '/api/dashboard/exports/audit': 'ADMIN',
  '/api/dashboard/imports': 'ADMIN',
  '/api/dashboard/imports/[id]': 'ADMIN',
};

function files(dir: string, name: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p, name) : name.test(e.name) ? [p] : [];
  });
}

/** app/(dashboard)/dashboard/utenti/[id]/page.tsx -> /dashboard/utenti/[id] (groups dropped). */
function routeOf(file: string): string | null {
  const segments = path.relative(APP, path.dirname(file)).split(path.sep).filter(Boolean);
  if (segments.some((s) => s.startsWith('@') || s.startsWith('(.'))) return null;
  return '/' + segments.filter((s) => !/^\(.+\)$/.test(s)).join('/');
}

export const dashboardPages = () =>
  files(path.join(APP, '(dashboard)'), /^page\.tsx?$/)
    .map(routeOf)
    .filter((r): r is string => r !== null)
    .sort();

export function routeHandlers(): { route: string; methods: string[] }[] {
  return files(APP, /^route\.tsx?$/)
    .map((f) => ({
      route: routeOf(f),
      methods: [...readFileSync(f, 'utf8').matchAll(/export\s+(?:async\s+function|const|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!),
    }))
    .filter((r): r is { route: string; methods: string[] } => r.route !== null && !r.route.startsWith('/api/v1/'))
    .sort((a, b) => a.route.localeCompare(b.route));
}

export function minRoleOfPage(route: string): Role {
  if (PAGE_ROLE_EXCEPTIONS[route]) return PAGE_ROLE_EXCEPTIONS[route];
  const section = DASHBOARD_NAV.filter((i) => route === i.href || route.startsWith(`${i.href}/`)).sort((a, b) => b.href.length - a.href.length)[0];
  return section?.min ?? 'ADMIN';
}

/** The REST API's route files (/api/v1/...), catch-all segments left out. */
export const apiV1Routes = () =>
  files(path.join(APP, 'api', 'v1'), /^route\.tsx?$/)
    .map(routeOf)
    .filter((r): r is string => r !== null && !r.includes('[...'));
