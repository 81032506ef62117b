import { Axes, FRAME, PLOT_W, yOf } from './Axes';
import { DataTable } from './DataTable';
import { CHART_COLORS, formatDayLong, formatNumber, niceScale } from './format';

export interface ColumnSeries {
  label: string;
  /** One value per day, in the order of `days`. */
  values: number[];
}

/**
 * Columns per day for one or two series (e.g. opt-ins and opt-outs). The second series is dark red
 * AND hatched, so the two never differ by colour alone; the legend and the table name them.
 */
export function ColumnChart({ id, title, summary, days, series }: { id: string; title: string; summary: string; days: string[]; series: ColumnSeries[] }) {
  const { top, step } = niceScale(Math.max(0, ...series.flatMap((s) => s.values)));
  const slot = PLOT_W / Math.max(1, days.length);
  const barW = Math.max(1, (slot * 0.8) / series.length);
  const xOf = (i: number) => FRAME.left + slot * i + slot / 2;
  const fills = [CHART_COLORS.primary, `url(#${id}-hatch)`];
  return (
    <figure className="mb-4">
      <svg role="img" aria-labelledby={`${id}-title ${id}-desc`} viewBox={`0 0 ${FRAME.width} ${FRAME.height}`} width="100%" className="d-block">
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <defs>
          <pattern id={`${id}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill={CHART_COLORS.secondary} />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" strokeWidth="2" />
          </pattern>
        </defs>
        <Axes top={top} step={step} days={days} xOf={xOf} />
        {series.map((s, k) =>
          s.values.map((v, i) =>
            v > 0 ? (
              <rect
                key={`${k}-${days[i]}`}
                x={xOf(i) - (barW * series.length) / 2 + k * barW}
                y={yOf(v, top)}
                width={barW}
                height={Math.max(1, yOf(0, top) - yOf(v, top))}
                fill={fills[k] ?? CHART_COLORS.primary}
                stroke={k === 1 ? CHART_COLORS.secondary : undefined}
                strokeWidth={k === 1 ? 0.5 : undefined}
              />
            ) : null,
          ),
        )}
      </svg>
      {series.length > 1 ? (
        <ul className="list-inline small mb-1 mt-1" aria-label="Legenda">
          {series.map((s, k) => (
            <li key={s.label} className="list-inline-item me-3">
              <svg width="14" height="14" aria-hidden="true" className="me-1 align-middle">
                <rect width="14" height="14" fill={fills[k] ?? CHART_COLORS.primary} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <figcaption className="small mt-1">{summary}</figcaption>
      <DataTable
        caption={title}
        rows={days.map((day, i) => ({ day, i }))}
        rowKey={(r) => r.day}
        columns={[
          { header: 'Giorno', cell: (r) => formatDayLong(r.day) },
          ...series.map((s) => ({ header: s.label, cell: (r: { i: number }) => formatNumber(s.values[r.i] ?? 0), numeric: true })),
        ]}
      />
    </figure>
  );
}
