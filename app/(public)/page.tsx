import { HowItWorks } from '@/components/public/landing/HowItWorks';
import { JoinOptions } from '@/components/public/landing/JoinOptions';
import { LaunchCounter } from '@/components/public/landing/LaunchCounter';
import { LeaveAndPrivacy } from '@/components/public/landing/LeaveAndPrivacy';
import { withPreposition } from '@/components/public/italian';
import { getSiteSettings } from '@/components/public/site-data';
import { getJoinLinks } from '@/components/public/whatsapp';
import { getAppContext } from '@/lib/context';
import { getPublicLaunchCounter } from '@/lib/stats/get-public-launch-counter';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const s = await getSiteSettings();
  const wa = getJoinLinks();
  const missing = await getPublicLaunchCounter(getAppContext());
  return (
    <>
      <h1 className="mb-3">{s.serviceName}</h1>
      <p className="lead mb-5">Gli avvisi {withPreposition('di', s.comuneName)} direttamente sul tuo telefono, con WhatsApp.</p>
      {missing !== null && <LaunchCounter missing={missing} />}
      <HowItWorks comuneName={s.comuneName} />
      <JoinOptions serviceName={s.serviceName} formattedNumber={wa.formatted} joinLink={wa.joinLink} />
      <LeaveAndPrivacy />
    </>
  );
}
