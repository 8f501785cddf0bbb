import { useCallback } from "react";
import { labelEms, PlotFigure } from "../ui/PlotFigure";

interface StageCount {
  id: string;
  name: string;
  count: number;
}

/** One horizontal bar per stage, as long as the number of active applications in it. */
export function StageCountChart({ columns }: { columns: StageCount[] }) {
  const total = columns.reduce((sum, column) => sum + column.count, 0);
  const description = `${total} active ${total === 1 ? "application" : "applications"}. ${columns
    .map((column, index) => `Stage ${index + 1}, ${column.name}: ${column.count}.`)
    .join(" ")}`;
  // Stage names repeat across plans ("Interview"), so rows are keyed by position, labelled by name.
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const rows = columns.map((column, index) => ({ ...column, row: `${index + 1}. ${column.name}` }));
      const largest = Math.max(1, ...columns.map((column) => column.count));
      return {
        width,
        height: columns.length * 32 + 36,
        marginLeft: width < 520 ? 130 : 240,
        marginRight: 36,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: {
          domain: [0, largest],
          label: null,
          ticks: Math.min(largest, 8),
          tickFormat: "d",
        },
        y: { label: null, domain: rows.map((row) => row.row) },
        marks: [
          Plot.barX(rows, { x: "count", y: "row", fill: "var(--accent)", insetTop: 5, insetBottom: 5 }),
          Plot.text(rows, { x: "count", y: "row", text: "count", textAnchor: "start", dx: 6 }),
          Plot.axisY({ label: null, lineWidth: labelEms(width < 520 ? 130 : 240), textOverflow: "ellipsis" }),
          Plot.ruleX([0]),
        ],
      };
    },
    [columns],
  );

  return (
    <PlotFigure
      className="stage-count-figure"
      title="Active applications in each stage"
      description={description}
      plot={plot}
      table={{
        columns: ["Stage", "Active applications"],
        rows: columns.map((column) => ({ key: column.id, cells: [column.name, column.count] })),
      }}
    />
  );
}
