import { useCallback } from "react";
import { PlotFigure } from "../ui/PlotFigure";

export interface TrendPoint {
  /** The Monday a week starts on, YYYY-MM-DD. */
  week: string;
  value: number | null;
}

/** The frame of an outcome charted over time: a date axis that thins its ticks on a phone, in the page's font. */
export function timeChartFrame(width: number, height: number) {
  return {
    width,
    height,
    marginLeft: 56,
    marginRight: 16,
    marginBottom: 32,
    style: { fontSize: "12px", fontFamily: "var(--font)" },
    x: { type: "utc" as const, label: null, ticks: width < 520 ? 4 : 8 },
  };
}

/** One metric per week as a line with dots; weeks without a value leave a gap, not a zero. */
export function TrendChart({
  title,
  points,
  yLabel,
  format,
  zeroBased = true,
}: {
  title: string;
  points: readonly TrendPoint[];
  yLabel: string;
  format: (value: number) => string;
  zeroBased?: boolean;
}) {
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const data = points.map((point) => ({ date: new Date(`${point.week}T00:00:00Z`), value: point.value }));
      const defined = data.filter((point) => point.value !== null);
      return {
        ...timeChartFrame(width, 200),
        y: { label: yLabel, grid: true, zero: zeroBased, tickFormat: format, ticks: 4 },
        marks: [
          Plot.lineY(data, { x: "date", y: "value", stroke: "var(--accent)", strokeWidth: 1.5 }),
          Plot.dot(defined, { x: "date", y: "value", fill: "var(--accent)", r: 2 }),
          ...(zeroBased ? [Plot.ruleY([0])] : []),
        ],
      };
    },
    [points, yLabel, format, zeroBased],
  );
  const defined = points.filter((point) => point.value !== null);
  const last = defined.at(-1);

  return (
    <PlotFigure
      className="trend-figure"
      title={title}
      description={`${points.length} weeks, ${defined.length} with a value.${last?.value != null ? ` The latest, the week of ${last.week}: ${format(last.value)}.` : ""}`}
      plot={plot}
    />
  );
}
