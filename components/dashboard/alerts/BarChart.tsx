import { formatCount } from './labels';

export interface Bar {
  label: string;
  value: number;
  /** Dark enough for 3:1 against white (WCAG 1.4.11). */
  color: string;
}

const ROW = 30;
const LABEL_W = 150;
const WIDTH = 460;

/**
 * Horizontal bars drawn in SVG, for people who would rather look than read. The numbers are in
 * the picture, in its text alternative and in the table next to it: the picture is never the only
 * place to find them.
 */
export function BarChart({ id, title, bars, labelWidth = LABEL_W }: { id: string; title: string; bars: Bar[]; labelWidth?: number }) {
  const barMax = WIDTH - labelWidth - 70;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 8;
  const summary = bars.map((b) => `${b.label}: ${formatCount(b.value)}`).join('; ');
  return (
    <svg
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${WIDTH} ${height}`}
      width="100%"
      style={{ maxWidth: `${WIDTH}px` }}
      className="d-block mb-3"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{summary}</desc>
      {bars.map((b, i) => {
        const y = i * ROW + 4;
        const w = b.value === 0 ? 0 : Math.max(2, Math.round((b.value / max) * barMax));
        return (
          <g key={b.label}>
            <text x={0} y={y + 19} fontSize="14" fill="#1a1a1a">
              {b.label}
            </text>
            <rect x={labelWidth} y={y + 4} width={w} height={ROW - 10} fill={b.color} rx="2" />
            <text x={labelWidth + w + 6} y={y + 19} fontSize="14" fill="#1a1a1a">
              {formatCount(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
