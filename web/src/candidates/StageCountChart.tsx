import { useId } from "react";

const chartWidth = 640;
const labelWidth = 250;
const countSpace = 40;
const rowHeight = 30;
const barHeight = 18;
const plotTop = 6;
const maxLabelCharacters = 34;

function shorten(name: string): string {
  return name.length > maxLabelCharacters ? `${name.slice(0, maxLabelCharacters - 1)}…` : name;
}

/** One horizontal bar per stage, as long as the number of active applications in it. */
export function StageCountChart({ columns }: { columns: { id: string; name: string; count: number }[] }) {
  const titleId = useId();
  const descriptionId = useId();
  const largest = Math.max(1, ...columns.map((column) => column.count));
  const plotWidth = chartWidth - labelWidth - countSpace;
  const height = plotTop * 2 + columns.length * rowHeight;
  const total = columns.reduce((sum, column) => sum + column.count, 0);
  const description = `${total} active ${total === 1 ? "application" : "applications"}. ${columns
    .map((column, index) => `Stage ${index + 1}, ${column.name}: ${column.count}.`)
    .join(" ")}`;

  return (
    <svg
      className="stage-count-chart"
      viewBox={`0 0 ${chartWidth} ${height}`}
      role="img"
      aria-labelledby={`${titleId} ${descriptionId}`}
    >
      <title id={titleId}>Active applications in each stage</title>
      <desc id={descriptionId}>{description}</desc>
      {columns.map((column, index) => {
        const y = plotTop + index * rowHeight;
        const width = (column.count / largest) * plotWidth;
        return (
          <g key={column.id}>
            <text x={labelWidth - 10} y={y + rowHeight / 2 + 5} textAnchor="end" className="chart-label">
              {shorten(column.name)}
            </text>
            <rect
              x={labelWidth}
              y={y + (rowHeight - barHeight) / 2}
              width={Math.max(width, column.count > 0 ? 3 : 0)}
              height={barHeight}
              className="stage-count-bar"
            />
            <line x1={labelWidth} x2={labelWidth} y1={y} y2={y + rowHeight} className="stage-count-axis" />
            <text x={labelWidth + width + 8} y={y + rowHeight / 2 + 5} className="chart-value">
              {column.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
