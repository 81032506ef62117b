import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteFooter } from '@/components/public/SiteFooter';
import { SiteHeader } from '@/components/public/SiteHeader';
import { getSiteSettings } from '@/components/public/site-data';

// The settings live in the database: render per request (and `next build` needs no database).
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const s = await getSiteSettings();
  return { title: { default: s.serviceName, template: `%s — ${s.serviceName}` } };
}

export default async function PublicLayout({ children }: { children: ReactNode }) {
  const s = await getSiteSettings();
  return (
    <>
      <SiteHeader comuneName={s.comuneName} comuneWebsite={s.comuneWebsite} serviceName={s.serviceName} />
      <main id="main-content" tabIndex={-1} className="container py-4 py-lg-5">
        {children}
      </main>
      <SiteFooter s={s} />
    </>
  );
}
