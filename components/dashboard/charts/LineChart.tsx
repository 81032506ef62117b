import { Axes, FRAME, PLOT_W, yOf } from './Axes';
import { DataTable } from './DataTable';
import { CHART_COLORS, formatDayLong, formatNumber, niceScale } from './format';

export interface DayValue {
  day: string;
  value: number;
}

/**
 * One value per day as a line (e.g. active subscribers). The SVG is an image with a title and a
 * one-sentence summary; the table under it holds every value.
 */
export function LineChart({ id, title, summary, valueLabel, points }: { id: string; title: string; summary: string; valueLabel: string; points: DayValue[] }) {
  const { top, step } = niceScale(Math.max(0, ...points.map((p) => p.value)));
  const xOf = (i: number) => FRAME.left + (points.length <= 1 ? PLOT_W / 2 : (i / (points.length - 1)) * PLOT_W);
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${xOf(i).toFixed(1)},${yOf(p.value, top).toFixed(1)}`).join(' ');
  return (
    <figure className="mb-4">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} width="100%" className="d-block">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <Axes top={top} step={step} days={points.map((p) => p.day)} xOf={xOf} />
        <path d={path} fill="none" stroke={CHART_COLORS.primary} strokeWidth={2.5} strokeLinejoin="round" />
        {points.length <= 31 ? points.map((p, i) => <circle key={p.day} cx={xOf(i)} cy={yOf(p.value, top)} r={3} fill={CHART_COLORS.primary} />) : null}
      </svg>
      <figcaption className="small mt-1">{summary}</figcaption>
      <DataTable
        caption={title}
        rows={points}
        rowKey={(p) => p.day}
        columns={[
          { header: 'Giorno', cell: (p) => formatDayLong(p.day) },
          { header: valueLabel, cell: (p) => formatNumber(p.value), numeric: true },
        ]}
      />
    </figure>
  );
}
