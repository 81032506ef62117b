import { recordRun, type BenchFigure } from './bench-report';

/** What `bench:fanout` prints as its RESULT line, and how `--record <name>` files it. */
export interface FanoutResult {
  recipients: number;
  rate: number;
  workers: number;
  publishS: number;
  firstS: number;
  achievedPct: number;
  maxWindow: number;
  statuses: number;
  simStallMs: number;
  progressMaxMs: number;
  duplicates: number;
  losses: number;
  rss10kMB: number[];
  rssEndMB: number[];
}

const n = (x: number) => x.toLocaleString('en');

export function fanoutFigures(r: FanoutResult): BenchFigure[] {
  const windowPct = (r.maxWindow / r.rate) * 100;
  const growth = Math.max(...r.rssEndMB.map((end, i) => end / (r.rss10kMB[i] ?? end)));
  return [
    { measure: 'achieved rate', value: `${r.achievedPct}% of the cap`, target: '≥ 95%', met: r.achievedPct >= 95 },
    { measure: 'largest 1-second window', value: `${n(r.maxWindow)} (${windowPct.toFixed(1)}% of the cap)`, target: '≤ 105%', met: windowPct <= 105 },
    { measure: 'first message', value: `${r.firstS} s`, target: '≤ 1 s', met: r.firstS <= 1 },
    { measure: 'publishing', value: `${r.publishS} s`, target: '≤ 3 s per 100,000', met: r.publishS <= (3 * r.recipients) / 100_000 },
    { measure: 'duplicates / losses', value: `${r.duplicates} / ${r.losses}`, target: '0 / 0', met: r.duplicates === 0 && r.losses === 0 },
    { measure: 'status webhooks processed', value: n(r.statuses) },
    { measure: "simulator's longest stall", value: `${r.simStallMs} ms` },
    { measure: 'progress bar query max', value: `${r.progressMaxMs} ms` },
    {
      measure: 'worker RSS after 10,000 → end',
      value: `${r.rss10kMB.join(' / ')} → ${r.rssEndMB.join(' / ')} MB (${growth.toFixed(2)}×)`,
      target: '≤ 1.25×',
      met: growth <= 1.25,
    },
  ];
}

export async function recordFanout(name: string, command: string, r: FanoutResult | { recipients: number; publishS: number }): Promise<string> {
  const publishOnly = !('rate' in r);
  return recordRun({
    name,
    title: publishOnly ? `publishing ${n(r.recipients)} deliveries` : `fan-out ${n(r.recipients)} @ ${n(r.rate)}/s, ${r.workers} worker(s)`,
    command,
    figures: publishOnly
      ? [{ measure: 'publishing', value: `${r.publishS} s`, target: '≤ 3 s per 100,000', met: r.publishS <= (3 * r.recipients) / 100_000 }]
      : fanoutFigures(r),
  });
}
