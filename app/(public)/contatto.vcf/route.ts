import { getSiteSettings } from '@/components/public/site-data';
import { buildVCard } from '@/lib/contact/vcard';
import { getEnv } from '@/lib/env';

export const dynamic = 'force-dynamic';

/**
 * The service's contact card, to save the number under the service's name in one tap. Served inline:
 * iPhones then offer "Aggiungi contatto"; other browsers download it as contatto.vcf.
 */
export async function GET(): Promise<Response> {
  const env = getEnv();
  const s = await getSiteSettings();
  const card = buildVCard({ name: s.serviceName, organisation: s.comuneName, phone: env.whatsapp.displayNumber, url: env.publicUrl });
  return new Response(card, {
    headers: {
      'content-type': 'text/vcard; charset=utf-8',
      'content-disposition': 'inline; filename="contatto.vcf"',
      'cache-control': 'no-store',
    },
  });
}
