import { useId } from "react";
import type { ModelPoints, WorkModel } from "../api/schema";
import { workModelLabels, workModels } from "./roles";

const chartWidth = 400;
const labelColumnWidth = 70;
const valueLabelSpace = 44;
const plotLeft = labelColumnWidth + valueLabelSpace;
const plotRight = chartWidth - valueLabelSpace;
const rowHeight = 38;
const barHeight = 20;
const plotTop = 8;
const axisHeight = 26;

/** Signed points with a real minus sign, e.g. "+2", "−1.5", "0". */
export function formatPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return "0";
}

// Scores can be negative, so the axis is symmetric around zero and grows in steps of 2
// points to fit the largest score; small scores still get a readable scale.
function scaleLimit(scores: ModelPoints): number {
  const largest = Math.max(...workModels.map((model) => Math.abs(scores[model])));
  return Math.max(4, Math.ceil(largest / 2) * 2);
}

/** A bar per work model, drawn from zero; the recommended model stands out, excluded ones are hatched. */
export function ScoresChart({
  scores,
  recommendation,
  allowedModels,
}: {
  scores: ModelPoints;
  recommendation: WorkModel;
  allowedModels: WorkModel[];
}) {
  const titleId = useId();
  const descriptionId = useId();
  const hatchId = useId();
  const limit = scaleLimit(scores);
  const xFor = (points: number) => plotLeft + ((points + limit) / (2 * limit)) * (plotRight - plotLeft);
  const zeroX = xFor(0);
  const plotBottom = plotTop + workModels.length * rowHeight;
  const ticks = [-limit, -limit / 2, 0, limit / 2, limit];
  const description = `Horizontal bar chart of each work model's total points. ${workModels
    .map(
      (model) =>
        `${workModelLabels[model]}: ${formatPoints(scores[model])}${
          allowedModels.includes(model) ? "" : " (excluded by a hard constraint)"
        }${model === recommendation ? " (recommended)" : ""}.`,
    )
    .join(" ")}`;

  return (
    <svg
      className="scores-chart"
      viewBox={`0 0 ${chartWidth} ${plotBottom + axisHeight}`}
      role="img"
      aria-labelledby={`${titleId} ${descriptionId}`}
    >
      <title id={titleId}>Score of each work model</title>
      <desc id={descriptionId}>{description}</desc>
      <defs>
        <pattern
          id={hatchId}
          width="6"
          height="6"
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <rect width="6" height="6" className="bar-excluded-background" />
          <line x1="0" y1="0" x2="0" y2="6" className="bar-excluded-line" />
        </pattern>
      </defs>

      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={xFor(tick)} x2={xFor(tick)} y1={plotTop} y2={plotBottom} />
          <text x={xFor(tick)} y={plotBottom + 18} textAnchor="middle">
            {formatPoints(tick)}
          </text>
        </g>
      ))}
      <line className="chart-zero" x1={zeroX} x2={zeroX} y1={plotTop - 4} y2={plotBottom} />

      {workModels.map((model, index) => {
        const score = scores[model];
        const rowTop = plotTop + index * rowHeight;
        const barY = rowTop + (rowHeight - barHeight) / 2;
        const end = xFor(score);
        const allowed = allowedModels.includes(model);
        const barClass = !allowed
          ? "bar-excluded"
          : model === recommendation
            ? "bar-recommended"
            : "bar-other";
        const valueX = score < 0 ? end - 6 : end + 6;
        return (
          <g key={model}>
            {allowed ? (
              <text x={8} y={barY + barHeight / 2 + 5} className="chart-label">
                {workModelLabels[model]}
              </text>
            ) : (
              <text x={8} y={barY + barHeight / 2 - 1} className="chart-label">
                {workModelLabels[model]}
                <tspan x={8} dy={13} className="chart-note">
                  excluded
                </tspan>
              </text>
            )}
            <rect
              x={Math.min(zeroX, end)}
              y={barY}
              width={Math.max(Math.abs(end - zeroX), 1.5)}
              height={barHeight}
              className={barClass}
              fill={allowed ? undefined : `url(#${hatchId})`}
            />
            <text
              x={valueX}
              y={barY + barHeight / 2 + 5}
              textAnchor={score < 0 ? "end" : "start"}
              className="chart-value"
            >
              {formatPoints(score)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
