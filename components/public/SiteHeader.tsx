import { Header, HeaderBrand, HeaderContent, Headers } from '@/components/ui/kit';

/** Bootstrap Italia header: slim bar with the comune, centre bar with the service name. */
export function SiteHeader({ comuneName, comuneWebsite, serviceName }: { comuneName: string; comuneWebsite: string; serviceName: string }) {
  return (
    <header>
      <Headers>
        <Header type="slim">
          <HeaderContent>
            <HeaderBrand href={comuneWebsite} responsive>
              {comuneName}
            </HeaderBrand>
          </HeaderContent>
        </Header>
        <div className="it-nav-wrapper">
          <Header type="center" small>
            <HeaderContent>
              <HeaderBrand href="/">
                <div className="it-brand-title">{serviceName}</div>
                <div className="it-brand-tagline">Avvisi su WhatsApp · {comuneName}</div>
              </HeaderBrand>
            </HeaderContent>
          </Header>
        </div>
      </Headers>
    </header>
  );
}
