import { launchCounterText } from '@/lib/stats/get-public-launch-counter';

/** Bootstrap Italia callout: how many subscribers the service still needs before it starts. */
export function LaunchCounter({ missing }: { missing: number }) {
  return (
    <div className="callout" data-testid="launch-counter">
      <div className="callout-title">In attesa di partire</div>
      <p>
        <strong>{launchCounterText(missing)}</strong>. Il servizio parte quando abbastanza persone si sono iscritte: iscriviti anche tu e passa parola.
      </p>
    </div>
  );
}
