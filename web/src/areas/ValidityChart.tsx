import { useId } from "react";
import { formatValidity, type ValidityEstimate } from "./validity";

const chartWidth = 640;
const labelColumnWidth = 190;
const valueLabelSpace = 44;
const plotWidth = chartWidth - labelColumnWidth - valueLabelSpace;
const legendHeight = 36;
const rowHeight = 46;
const barHeight = 15;
const axisHeight = 28;
const scaleMaximum = 0.6;
const ticks = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6];

function xFor(value: number): number {
  return labelColumnWidth + (value / scaleMaximum) * plotWidth;
}

export function ValidityChart({ estimates }: { estimates: readonly ValidityEstimate[] }) {
  const titleId = useId();
  const descriptionId = useId();
  const plotTop = legendHeight;
  const plotBottom = plotTop + estimates.length * rowHeight;
  const chartHeight = plotBottom + axisHeight;
  const description = `Horizontal bar chart. For each method the upper bar is Schmidt and Hunter's 1998 estimate and the lower bar is Sackett and colleagues' 2022 estimate. ${estimates
    .map(
      (estimate) =>
        `${estimate.method}: ${formatValidity(estimate.schmidtHunter1998)} in 1998, ${formatValidity(estimate.sackett2022)} in 2022.`,
    )
    .join(" ")}`;

  return (
    <svg
      className="validity-chart"
      viewBox={`0 0 ${chartWidth} ${chartHeight}`}
      role="img"
      aria-labelledby={`${titleId} ${descriptionId}`}
    >
      <title id={titleId}>Predictive validity of selection methods, 1998 and 2022 estimates</title>
      <desc id={descriptionId}>{description}</desc>

      <g className="chart-legend">
        <rect x={labelColumnWidth} y={8} width={14} height={14} className="bar-1998" />
        <text x={labelColumnWidth + 20} y={20}>
          Schmidt &amp; Hunter (1998)
        </text>
        <rect x={labelColumnWidth + 210} y={8} width={14} height={14} className="bar-2022" />
        <text x={labelColumnWidth + 230} y={20}>
          Sackett et al. (2022)
        </text>
      </g>

      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={xFor(tick)} x2={xFor(tick)} y1={plotTop} y2={plotBottom} />
          <text x={xFor(tick)} y={plotBottom + 18} textAnchor="middle">
            {tick === 0 ? "0" : formatValidity(tick)}
          </text>
        </g>
      ))}

      {estimates.map((estimate, index) => {
        const rowTop = plotTop + index * rowHeight;
        const bars = [
          { value: estimate.schmidtHunter1998, className: "bar-1998", y: rowTop + 6 },
          { value: estimate.sackett2022, className: "bar-2022", y: rowTop + 6 + barHeight + 2 },
        ];
        return (
          <g key={estimate.method}>
            <text
              x={labelColumnWidth - 10}
              y={rowTop + rowHeight / 2 + 4}
              textAnchor="end"
              className="chart-label"
            >
              {estimate.method}
            </text>
            {bars.map((bar) => (
              <g key={bar.className}>
                <rect
                  x={labelColumnWidth}
                  y={bar.y}
                  width={xFor(bar.value) - labelColumnWidth}
                  height={barHeight}
                  className={bar.className}
                />
                <text x={xFor(bar.value) + 6} y={bar.y + barHeight - 3} className="chart-value">
                  {formatValidity(bar.value)}
                </text>
              </g>
            ))}
          </g>
        );
      })}
    </svg>
  );
}
