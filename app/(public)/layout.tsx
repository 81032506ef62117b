import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { SiteFooter } from '@/components/public/SiteFooter';
import { SiteHeader } from '@/components/public/SiteHeader';
import { withPreposition } from '@/components/public/italian';
import { getSiteSettings } from '@/components/public/site-data';

// The settings live in the database: render per request (and `next build` needs no database).
export const dynamic = 'force-dynamic';

export async function generateMetadata(): Promise<Metadata> {
  const s = await getSiteSettings();
  return {
    title: { default: s.serviceName, template: `%s — ${s.serviceName}` },
    // Feed readers and browsers find the archive's feeds from any citizen page.
    alternates: {
      types: {
        'application/rss+xml': [{ url: '/avvisi/feed.xml', title: `Avvisi ${withPreposition('di', s.comuneName)} (RSS)` }],
        'application/atom+xml': [{ url: '/avvisi/atom.xml', title: `Avvisi ${withPreposition('di', s.comuneName)} (Atom)` }],
      },
    },
  };
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
