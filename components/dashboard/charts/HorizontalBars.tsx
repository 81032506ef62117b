import { DataTable } from './DataTable';
import { CHART_COLORS, formatNumber } from './format';

export interface LabelledValue {
  label: string;
  value: number;
}

/**
 * A breakdown (per topic, per source) as horizontal bars with the number written at the end of
 * each bar, so the figure never depends on reading a length; the table repeats them with shares.
 */
export function HorizontalBars({ id, title, items, valueLabel }: { id: string; title: string; items: LabelledValue[]; valueLabel: string }) {
  const width = 560;
  const labelW = 190;
  const row = 30;
  const barMax = width - labelW - 90;
  const max = Math.max(1, ...items.map((i) => i.value));
  const total = items.reduce((a, i) => a + i.value, 0);
  const share = (v: number) => (total === 0 ? '0%' : `${formatNumber(Math.round((v / total) * 1000) / 10)}%`);
  const summary = items.map((i) => `${i.label}: ${formatNumber(i.value)}`).join('; ');
  return (
    <figure className="mb-4">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${width} ${items.length * row + 6}`}
        width="100%"
        style={{ maxWidth: `${width}px` }}
        className="d-block"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        {items.map((it, k) => {
          const y = k * row + 3;
          const w = it.value === 0 ? 0 : Math.max(2, Math.round((it.value / max) * barMax));
          return (
            <g key={it.label}>
              <text x={0} y={y + 18} fontSize="14" fill={CHART_COLORS.text}>
                {it.label.length > 24 ? `${it.label.slice(0, 23)}…` : it.label}
              </text>
              <rect x={labelW} y={y + 4} width={w} height={row - 12} fill={CHART_COLORS.primary} rx={2} />
              <text x={labelW + w + 6} y={y + 18} fontSize="14" fill={CHART_COLORS.text}>
                {formatNumber(it.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <DataTable
        caption={title}
        rows={items}
        rowKey={(i) => i.label}
        columns={[
          { header: 'Voce', cell: (i) => i.label },
          { header: valueLabel, cell: (i) => formatNumber(i.value), numeric: true },
          { header: 'Quota', cell: (i) => share(i.value), numeric: true },
        ]}
      />
    </figure>
  );
}
