import { CHART_COLORS, formatDayShort, formatNumber } from './format';

/** The drawing area shared by the day charts: a 720×240 viewBox scaled to the container. */
export const FRAME = { width: 720, height: 240, left: 64, right: 12, top: 12, bottom: 30 } as const;
export const PLOT_W = FRAME.width - FRAME.left - FRAME.right;
export const PLOT_H = FRAME.height - FRAME.top - FRAME.bottom;

/** y of a value on a 0..top axis. */
export const yOf = (value: number, top: number): number => FRAME.top + PLOT_H - (value / top) * PLOT_H;

/** Horizontal grid with value labels, and a handful of day labels under the plot. */
export function Axes({ top, step, days, xOf }: { top: number; step: number; days: string[]; xOf: (i: number) => number }) {
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  const every = Math.max(1, Math.ceil(days.length / 6));
  const labelled = days.map((d, i) => ({ d, i })).filter(({ i }) => i % every === 0 || i === days.length - 1);
  if (labelled.length > 1 && labelled.at(-1)!.i - labelled.at(-2)!.i < every / 2) labelled.splice(-2, 1);
  return (
    <g aria-hidden="true">
      {ticks.map((v) => (
        <g key={v}>
          <line x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={yOf(v, top)} y2={yOf(v, top)} stroke={CHART_COLORS.grid} strokeWidth={1} />
          <text x={FRAME.left - 8} y={yOf(v, top) + 4} textAnchor="end" fontSize="12" fill={CHART_COLORS.axis}>
            {formatNumber(v)}
          </text>
        </g>
      ))}
      <line x1={FRAME.left} x2={FRAME.width - FRAME.right} y1={yOf(0, top)} y2={yOf(0, top)} stroke={CHART_COLORS.axis} strokeWidth={1} />
      {labelled.map(({ d, i }) => (
        <text key={d} x={xOf(i)} y={FRAME.height - 10} textAnchor="middle" fontSize="12" fill={CHART_COLORS.axis}>
          {formatDayShort(d)}
        </text>
      ))}
    </g>
  );
}
