import { useCallback } from "react";
import { type DataTable, labelEms, PlotFigure } from "../ui/PlotFigure";

export interface IntervalRow {
  /** Unique per row; rows are drawn in the order given. */
  key: string;
  label: string;
  estimate: number | null;
  low: number | null;
  high: number | null;
  /** Written after the estimate's value, e.g. "n = 31". */
  note?: string;
  /** Shown in place of the dot when there is no estimate, e.g. "too few to compare (n = 4)". */
  missingText?: string;
}

/**
 * One row per estimate: a dot at the estimate and a line across its interval, on one shared x
 * scale with a reference line (0 for correlations and differences). The shape of a forest plot:
 * the reader compares interval widths as much as dots, and sees which ones cross the line.
 */
export function IntervalChart({
  rows,
  domain,
  reference,
  xLabel,
  narrowXLabel = xLabel,
  format,
  title,
  description,
  caption,
  table,
  className,
}: {
  rows: readonly IntervalRow[];
  domain: [number, number];
  reference?: number;
  xLabel: string;
  /** The axis label on a phone, where the long one would be cut. */
  narrowXLabel?: string;
  format: (value: number) => string;
  title: string;
  description: string;
  caption?: string;
  table?: DataTable;
  className?: string;
}) {
  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const isNarrow = width < 520;
      const marginLeft = isNarrow ? 120 : 200;
      const estimated = rows.filter((row) => row.estimate !== null);
      const intervals = estimated.filter((row) => row.low !== null && row.high !== null);
      const missing = rows.filter((row) => row.estimate === null);
      return {
        width,
        height: rows.length * 40 + 56,
        marginLeft,
        marginRight: 24,
        marginBottom: 40,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: {
          domain,
          grid: true,
          label: isNarrow ? narrowXLabel : xLabel,
          labelAnchor: "center" as const,
          ticks: isNarrow ? 4 : 8,
          tickFormat: format,
        },
        y: {
          domain: rows.map((row) => row.key),
          label: null,
          tickFormat: (key: string) => labelOf(rows, key),
        },
        marks: [
          ...(reference === undefined
            ? []
            : [Plot.ruleX([reference], { stroke: "var(--muted)", strokeDasharray: "4 3" })]),
          Plot.ruleY(intervals, { y: "key", x1: "low", x2: "high", stroke: "var(--accent)", strokeWidth: 2 }),
          Plot.tickX(intervals, { y: "key", x: "low", stroke: "var(--accent)", inset: 10 }),
          Plot.tickX(intervals, { y: "key", x: "high", stroke: "var(--accent)", inset: 10 }),
          Plot.dot(estimated, { y: "key", x: "estimate", fill: "var(--accent)", r: 5 }),
          Plot.text(estimated, {
            y: "key",
            x: "estimate",
            text: (row: IntervalRow) => `${format(row.estimate ?? 0)}${row.note ? ` (${row.note})` : ""}`,
            dy: -12,
            fill: "var(--text)",
          }),
          Plot.text(missing, {
            y: "key",
            x: domain[0],
            text: (row: IntervalRow) => row.missingText ?? "no estimate",
            textAnchor: "start",
            dx: 4,
            fill: "var(--muted)",
            fontStyle: "italic",
          }),
          Plot.axisY({
            label: null,
            tickFormat: (key: string) => labelOf(rows, key),
            lineWidth: labelEms(marginLeft),
            textOverflow: "ellipsis",
          }),
        ],
      };
    },
    [rows, domain, reference, xLabel, narrowXLabel, format],
  );

  return (
    <PlotFigure
      className={className ? `interval-figure ${className}` : "interval-figure"}
      title={title}
      description={description}
      caption={caption}
      table={table}
      plot={plot}
    />
  );
}

function labelOf(rows: readonly IntervalRow[], key: string): string {
  return rows.find((row) => row.key === key)?.label ?? key;
}
