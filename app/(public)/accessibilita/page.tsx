import type { Metadata } from 'next';
import { AccessibilityStatement } from '@/components/public/AccessibilityStatement';
import { getSiteSettings } from '@/components/public/site-data';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dichiarazione di accessibilità' };

export default async function AccessibilityPage() {
  return <AccessibilityStatement s={await getSiteSettings()} />;
}
