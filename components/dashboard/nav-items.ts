import type { Role } from '@/lib/access/roles';

/**
 * The dashboard's side navigation: one list for every page, with the lowest role that may use it.
 * A link is shown only to those roles; each page still checks the role itself (requireStaff).
 * Pages of other areas: keep `min` equal to what the page's requireStaff asks (pages that ask more
 * than their section, e.g. writing an alert, are listed in e2e/support/app-routes.ts).
 */
export interface NavItem {
  href: string;
  label: string;
  min: Role;
}

export const DASHBOARD_NAV: NavItem[] = [
  { href: '/dashboard', label: 'Panoramica', min: 'VIEWER' },
  { href: '/dashboard/avvisi', label: 'Avvisi', min: 'VIEWER' },
  { href: '/dashboard/iscritti', label: 'Iscritti', min: 'EDITOR' },
  { href: '/dashboard/modelli', label: 'Modelli WhatsApp', min: 'EDITOR' },
  { href: '/dashboard/argomenti', label: 'Argomenti', min: 'ADMIN' },
  { href: '/dashboard/zone', label: 'Zone', min: 'ADMIN' },
  { href: '/dashboard/lancio', label: 'Avvio del servizio', min: 'VIEWER' },
  { href: '/dashboard/statistiche', label: 'Statistiche', min: 'VIEWER' },
  { href: '/dashboard/chiavi-api', label: 'Chiavi API', min: 'ADMIN' },
  { href: '/dashboard/utenti', label: 'Utenti', min: 'ADMIN' },
  { href: '/dashboard/registro', label: 'Registro attività', min: 'ADMIN' },
  { href: '/dashboard/impostazioni', label: 'Impostazioni', min: 'VIEWER' },
  { href: '/dashboard/profilo', label: 'Profilo', min: 'VIEWER' },
];
