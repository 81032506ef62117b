import type { Metadata } from 'next';
import { PrivacyNotice } from '@/components/public/privacy/PrivacyNotice';
import { getSiteSettings } from '@/components/public/site-data';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Informativa privacy' };

export default async function PrivacyPage() {
  return <PrivacyNotice s={await getSiteSettings()} />;
}
