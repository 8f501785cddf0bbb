import { useId } from "react";
import type { DecisionComponent, FormulaOutcome } from "../api/schema";
import { formatScore, formatWeight, outcomeLabels } from "./decisions";

const chartWidth = 600;
const labelColumnWidth = 190;
const plotLeft = labelColumnWidth;
const plotRight = chartWidth - 56;
const plotTop = 30;
const rowHeight = 36;
const barHeight = 20;
const axisHeight = 28;
const maxScore = 4;
const ticks = [0, 1, 2, 3, 4];

/** Longer stage names are cut to fit the label column; the description carries them in full. */
const maxLabelCharacters = 24;

const fitLabel = (name: string) =>
  name.length > maxLabelCharacters ? `${name.slice(0, maxLabelCharacters - 1).trimEnd()}…` : name;

const xFor = (score: number) => plotLeft + (score / maxScore) * (plotRight - plotLeft);

/**
 * How the formula score is built: each scored stage adds weight × score ÷ (sum of the scored
 * stages' weights), so the bars step along the 0–4 scale like a waterfall and end at the formula
 * score, which the last row shows against the hire threshold.
 */
export function DecisionChart({
  components,
  formulaScore,
  threshold,
  formulaOutcome,
}: {
  components: DecisionComponent[];
  formulaScore: number | null;
  threshold: number;
  formulaOutcome: FormulaOutcome;
}) {
  const titleId = useId();
  const descriptionId = useId();
  const scoredWeight = components.reduce(
    (total, component) => total + (component.score === null ? 0 : component.weight),
    0,
  );
  let cumulative = 0;
  const rows = components.map((component) => {
    const contribution =
      component.score === null || scoredWeight === 0
        ? null
        : (component.weight * component.score) / scoredWeight;
    const start = cumulative;
    if (contribution !== null) cumulative += contribution;
    return { component, contribution, start };
  });
  const totalRowTop = plotTop + rows.length * rowHeight;
  const plotBottom = totalRowTop + rowHeight;
  const thresholdX = xFor(Math.min(threshold, maxScore));

  const description = [
    ...rows.map(({ component, contribution }) =>
      contribution === null
        ? `${component.stageName} (weight ${formatWeight(component.weight)}): no scorecards yet.`
        : `${component.stageName} (weight ${formatWeight(component.weight)}): score ${formatScore(
            component.score ?? 0,
          )}, adds ${formatScore(contribution)}.`,
    ),
    formulaScore === null
      ? "No formula score yet."
      : `Formula score ${formatScore(formulaScore)} against a threshold of ${formatScore(threshold)}: ${outcomeLabels[
          formulaOutcome
        ].toLowerCase()}.`,
  ].join(" ");

  return (
    <svg
      className="decision-chart"
      viewBox={`0 0 ${chartWidth} ${plotBottom + axisHeight}`}
      role="img"
      aria-labelledby={`${titleId} ${descriptionId}`}
    >
      <title id={titleId}>Weighted contribution of each stage to the formula score</title>
      <desc id={descriptionId}>{description}</desc>

      {ticks.map((tick) => (
        <g key={tick} className="chart-grid">
          <line x1={xFor(tick)} x2={xFor(tick)} y1={plotTop} y2={plotBottom} />
          <text x={xFor(tick)} y={plotBottom + 18} textAnchor="middle">
            {tick}
          </text>
        </g>
      ))}

      {rows.map(({ component, contribution, start }, index) => {
        const rowTop = plotTop + index * rowHeight;
        const barY = rowTop + (rowHeight - barHeight) / 2;
        const textY = barY + barHeight / 2 + 5;
        return (
          <g key={component.stageId}>
            <text x={8} y={textY - 6} className="chart-label">
              {fitLabel(component.stageName)}
            </text>
            <text x={8} y={textY + 8} className="chart-note">
              weight {formatWeight(component.weight)}
              {component.raters < component.requiredRaters &&
                ` · ${component.raters} of ${component.requiredRaters} raters`}
            </text>
            {contribution === null ? (
              <text x={xFor(start) + 6} y={textY} className="chart-note">
                no scorecards yet
              </text>
            ) : (
              <>
                <rect
                  x={xFor(start)}
                  y={barY}
                  width={Math.max(xFor(start + contribution) - xFor(start), 1.5)}
                  height={barHeight}
                  className={
                    component.raters < component.requiredRaters
                      ? "bar-contribution bar-short"
                      : "bar-contribution"
                  }
                />
                <text x={xFor(start + contribution) + 6} y={textY} className="chart-value">
                  +{formatScore(contribution)}
                </text>
              </>
            )}
          </g>
        );
      })}

      <g>
        <line className="chart-separator" x1={8} x2={plotRight} y1={totalRowTop} y2={totalRowTop} />
        <text x={8} y={totalRowTop + rowHeight / 2 + 5} className="chart-label">
          Formula score
        </text>
        {formulaScore !== null && (
          <>
            <rect
              x={xFor(0)}
              y={totalRowTop + (rowHeight - barHeight) / 2}
              width={Math.max(xFor(formulaScore) - xFor(0), 1.5)}
              height={barHeight}
              className={`bar-total bar-total-${formulaOutcome}`}
            />
            <text x={xFor(formulaScore) + 6} y={totalRowTop + rowHeight / 2 + 5} className="chart-value">
              {formatScore(formulaScore)}
            </text>
          </>
        )}
      </g>

      <line className="chart-threshold" x1={thresholdX} x2={thresholdX} y1={plotTop - 8} y2={plotBottom} />
      <text x={thresholdX} y={plotTop - 12} textAnchor="middle" className="chart-threshold-label">
        Hire threshold {formatScore(threshold)}
      </text>
    </svg>
  );
}
