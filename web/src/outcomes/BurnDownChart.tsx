import { useCallback } from "react";
import { PlotFigure } from "../ui/PlotFigure";
import { timeChartFrame } from "./TrendChart";
import type { BurnDownPoint } from "./types";

const percent = (value: number) => `${Math.round(value * 100)} %`;

/** The error budget left, day by day across the SLO window; under zero the SLO is missed. */
export function BurnDownChart({
  points,
  targetPercent,
}: {
  points: readonly BurnDownPoint[];
  targetPercent: number;
}) {
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const data = points.map((point) => ({
        date: new Date(`${point.day}T00:00:00Z`),
        left: point.errorBudgetRemaining,
      }));
      const lowest = Math.min(0, ...points.map((point) => point.errorBudgetRemaining ?? 0));
      return {
        ...timeChartFrame(width, 240),
        y: { domain: [lowest, 1], label: "Error budget left", grid: true, tickFormat: percent },
        marks: [
          Plot.areaY(data, { x: "date", y: "left", fill: "var(--accent-soft)" }),
          Plot.lineY(data, { x: "date", y: "left", stroke: "var(--accent)", strokeWidth: 2 }),
          Plot.ruleY([0], { stroke: "var(--danger)", strokeDasharray: "4 3" }),
        ],
      };
    },
    [points],
  );
  const last = points.filter((point) => point.errorBudgetRemaining !== null).at(-1);
  return (
    <PlotFigure
      className="burn-down-figure"
      title={`Error budget burn-down for a ${targetPercent.toLocaleString(undefined, { maximumFractionDigits: 3 })} % SLO`}
      description={`${points.length} days.${last?.errorBudgetRemaining != null ? ` On ${last.day}, ${percent(last.errorBudgetRemaining)} of the error budget is left.` : ""}`}
      caption="Below the dashed line the budget is spent and the SLO is missed for the window."
      plot={plot}
    />
  );
}
