import { useId } from "react";

export interface WeightedStage {
  key: string;
  name: string;
  weight: number;
}

const chartWidth = 640;
const barTop = 4;
const barHeight = 40;
const axisHeight = 22;
/** Segments cycle through this many colours (see the plan editor section of styles.css). */
const paletteSize = 6;

export function formatPercent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

/**
 * One bar from 0 to 100% split into each scored stage's weight. When the weights add up to
 * more than 1 the bar is drawn to their total so nothing is cut off; the gap up to 100% is
 * shown as unassigned.
 */
export function WeightsBar({ stages }: { stages: WeightedStage[] }) {
  const titleId = useId();
  const descriptionId = useId();
  const weighted = stages.filter((stage) => stage.weight > 0);
  const total = weighted.reduce((sum, stage) => sum + stage.weight, 0);
  const scale = Math.max(total, 1);
  const xFor = (weight: number) => (weight / scale) * chartWidth;
  const unassigned = Math.max(0, 1 - total);
  let offset = 0;
  const description =
    weighted.length === 0
      ? "No stage has a weight yet."
      : `${weighted.map((stage) => `${stage.name}: ${formatPercent(stage.weight)}`).join("; ")}. Total ${formatPercent(total)}${
          unassigned > 0.0005 ? `, ${formatPercent(unassigned)} unassigned` : ""
        }.`;

  return (
    <figure className="weights-figure">
      <svg
        className="weights-bar"
        viewBox={`0 0 ${chartWidth} ${barTop + barHeight + axisHeight}`}
        role="img"
        aria-labelledby={`${titleId} ${descriptionId}`}
      >
        <title id={titleId}>Weight of each stage in the decision formula</title>
        <desc id={descriptionId}>{description}</desc>
        <rect x={0} y={barTop} width={chartWidth} height={barHeight} className="weights-track" />
        {weighted.map((stage, index) => {
          const x = xFor(offset);
          const width = xFor(stage.weight);
          offset += stage.weight;
          return (
            <g key={stage.key}>
              <rect
                x={x}
                y={barTop}
                width={width}
                height={barHeight}
                className={`weights-segment weights-colour-${index % paletteSize}`}
              />
              {width >= 44 && (
                <text
                  x={x + width / 2}
                  y={barTop + barHeight / 2 + 5}
                  textAnchor="middle"
                  className="weights-segment-label"
                >
                  {formatPercent(stage.weight)}
                </text>
              )}
            </g>
          );
        })}
        {[0, 0.25, 0.5, 0.75, 1].map((tick) => (
          <text
            key={tick}
            x={Math.min(Math.max(xFor(tick), 12), chartWidth - 16)}
            y={barTop + barHeight + 16}
            textAnchor="middle"
            className="weights-tick"
          >
            {formatPercent(tick)}
          </text>
        ))}
      </svg>
      <figcaption>
        <ul className="weights-legend">
          {weighted.map((stage, index) => (
            <li key={stage.key}>
              <span className={`weights-swatch weights-colour-${index % paletteSize}`} aria-hidden="true" />
              {stage.name} <span className="muted">{formatPercent(stage.weight)}</span>
            </li>
          ))}
          {unassigned > 0.0005 && (
            <li>
              <span className="weights-swatch weights-unassigned" aria-hidden="true" />
              Unassigned <span className="muted">{formatPercent(unassigned)}</span>
            </li>
          )}
        </ul>
      </figcaption>
    </figure>
  );
}
