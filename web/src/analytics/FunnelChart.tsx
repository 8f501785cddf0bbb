import { useCallback } from "react";
import { labelEms, PlotFigure } from "../ui/PlotFigure";
import { formatPercent } from "./analytics";
import type { FunnelStage } from "./types";

/** Per stage in order: a pale bar for those who reached it, a solid one for those who passed. */
export function FunnelChart({ stages }: { stages: readonly FunnelStage[] }) {
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const marginLeft = width < 520 ? 110 : 200;
      const rows = stages.map((stage, index) => ({ ...stage, row: `${index + 1}. ${stage.stage}` }));
      const largest = Math.max(1, ...stages.map((stage) => stage.reached));
      return {
        width,
        height: stages.length * 40 + 60,
        marginLeft,
        marginRight: 72,
        marginBottom: 40,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: { domain: [0, largest], label: "Applications", labelAnchor: "center" as const, grid: true },
        y: { domain: rows.map((row) => row.row), label: null },
        marks: [
          Plot.barX(rows, {
            x: "reached",
            y: "row",
            fill: "var(--accent-soft)",
            stroke: "var(--accent)",
            insetTop: 5,
            insetBottom: 5,
          }),
          Plot.barX(rows, { x: "passed", y: "row", fill: "var(--accent)", insetTop: 5, insetBottom: 5 }),
          Plot.text(rows, {
            x: "reached",
            y: "row",
            text: (row: FunnelStage) => `${row.passed}/${row.reached} · ${formatPercent(row.passRate)}`,
            textAnchor: "start",
            dx: 4,
          }),
          Plot.axisY({ label: null, lineWidth: labelEms(marginLeft), textOverflow: "ellipsis" }),
          Plot.ruleX([0]),
        ],
      };
    },
    [stages],
  );

  return (
    <PlotFigure
      className="funnel-figure"
      title="Applications reaching and passing each stage"
      description={stages
        .map(
          (stage) =>
            `${stage.stage}: ${stage.reached} reached, ${stage.passed} passed (${formatPercent(stage.passRate)}).`,
        )
        .join(" ")}
      caption="The outlined bar is everyone who reached the stage; the solid part passed it."
      plot={plot}
    />
  );
}
