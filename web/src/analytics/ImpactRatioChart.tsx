import { useCallback } from "react";
import { labelEms, PlotFigure } from "../ui/PlotFigure";
import { formatRatio } from "./analytics";

export interface ImpactBar {
  /** The group as the page names it. */
  group: string;
  impactRatio: number;
  flagged: boolean;
}

/** Impact ratios as bars against the four-fifths line; only groups large enough to compare. */
export function ImpactRatioChart({ bars, reference }: { bars: readonly ImpactBar[]; reference: string }) {
  const largest = Math.max(1.2, ...bars.map((bar) => bar.impactRatio));
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const marginLeft = width < 520 ? 100 : 200;
      return {
        width,
        height: bars.length * 36 + 60,
        marginLeft,
        marginRight: 36,
        marginBottom: 40,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: {
          domain: [0, largest],
          label: width < 520 ? "Impact ratio" : "Impact ratio (selection rate ÷ the reference group's)",
          ticks: width < 520 ? 4 : 10,
          labelAnchor: "center" as const,
          grid: true,
        },
        y: { domain: bars.map((bar) => bar.group), label: null },
        color: { domain: [false, true], range: ["var(--accent)", "var(--danger)"] },
        marks: [
          Plot.barX(bars, { x: "impactRatio", y: "group", fill: "flagged", insetTop: 6, insetBottom: 6 }),
          Plot.text(bars, {
            x: "impactRatio",
            y: "group",
            text: (bar: ImpactBar) => formatRatio(bar.impactRatio),
            textAnchor: "start",
            dx: 4,
          }),
          Plot.ruleX([0.8], { stroke: "var(--text)", strokeDasharray: "5 3", strokeWidth: 1.5 }),
          Plot.text([0.8], {
            x: (value: number) => value,
            frameAnchor: "top",
            text: () => "0.8",
            dy: -2,
            dx: 12,
          }),
          Plot.axisY({ label: null, lineWidth: labelEms(marginLeft), textOverflow: "ellipsis" }),
          Plot.ruleX([0]),
        ],
      };
    },
    [bars, largest],
  );

  return (
    <PlotFigure
      className="impact-figure"
      title={`Impact ratio of each group against ${reference}`}
      description={bars
        .map(
          (bar) =>
            `${bar.group}: ${formatRatio(bar.impactRatio)}${bar.flagged ? ", under the four-fifths line" : ""}.`,
        )
        .join(" ")}
      caption="A bar left of the dashed 0.8 line (in red) is under four fifths of the reference group's selection rate."
      plot={plot}
    />
  );
}
