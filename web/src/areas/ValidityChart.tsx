import { useCallback } from "react";
import { labelEms, PlotFigure } from "../ui/PlotFigure";
import { formatValidity, type ValidityEstimate } from "./validity";

const studies = ["Schmidt & Hunter (1998)", "Sackett et al. (2022)"] as const;

/** Two bars per method, the 1998 and the 2022 estimate, on one 0 to .6 scale. */
export function ValidityChart({
  estimates,
  caption,
}: {
  estimates: readonly ValidityEstimate[];
  caption?: string;
}) {
  const description = `Horizontal bar chart. For each method the upper bar is Schmidt and Hunter's 1998 estimate and the lower bar is Sackett and colleagues' 2022 estimate. ${estimates
    .map(
      (estimate) =>
        `${estimate.method}: ${formatValidity(estimate.schmidtHunter1998)} in 1998, ${formatValidity(estimate.sackett2022)} in 2022.`,
    )
    .join(" ")}`;

  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const isNarrow = width < 520;
      const bars = estimates.flatMap((estimate) => [
        { method: estimate.method, study: studies[0], validity: estimate.schmidtHunter1998 },
        { method: estimate.method, study: studies[1], validity: estimate.sackett2022 },
      ]);
      return {
        width,
        height: estimates.length * 52 + 60,
        marginLeft: isNarrow ? 110 : 180,
        marginRight: 40,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: {
          domain: [0, 0.6],
          ticks: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
          grid: true,
          label: "Predictive validity (r)",
          tickFormat: (value: number) => (value === 0 ? "0" : formatValidity(value)),
        },
        marginBottom: 40,
        y: { axis: null, domain: studies, padding: 0.1 },
        fy: { label: null, domain: estimates.map((estimate) => estimate.method), padding: 0.25 },
        color: { legend: true, domain: studies, range: ["var(--bar-1998)", "var(--bar-2022)"] },
        marks: [
          Plot.barX(bars, { x: "validity", y: "study", fy: "method", fill: "study" }),
          Plot.text(bars, {
            x: "validity",
            y: "study",
            fy: "method",
            text: (bar: { validity: number }) => formatValidity(bar.validity),
            textAnchor: "start",
            dx: 4,
            fill: "var(--muted)",
          }),
          Plot.axisFy({ anchor: "left", label: null, lineWidth: labelEms(isNarrow ? 110 : 180) }),
          Plot.ruleX([0]),
        ],
      };
    },
    [estimates],
  );

  return (
    <PlotFigure
      className="validity-figure"
      title="Predictive validity of selection methods, 1998 and 2022 estimates"
      description={description}
      caption={caption}
      plot={plot}
    />
  );
}
