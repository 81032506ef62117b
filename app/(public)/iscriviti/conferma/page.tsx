import type { Metadata } from 'next';
import { ConfirmationSteps } from '@/components/public/confirmation/ConfirmationSteps';
import { InvalidRequest } from '@/components/public/confirmation/InvalidRequest';
import { getAppContext } from '@/lib/context';
import { getConfirmationDetails } from '@/lib/subscriptions/confirmation';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Conferma da WhatsApp', robots: { index: false } };

export default async function ConfirmPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { t } = await searchParams;
  const ctx = getAppContext();
  const details = typeof t === 'string' && t !== '' ? await getConfirmationDetails(ctx, t) : null;
  if (!details) return <InvalidRequest />;
  // Demo installations: the simulated phone can send the prepared text (the number is not known here).
  const simulatorHref = ctx.whatsapp.mode === 'simulator' ? `/simulatore/?testo=${encodeURIComponent(details.text)}` : undefined;
  return <ConfirmationSteps details={details} simulatorHref={simulatorHref} />;
}
