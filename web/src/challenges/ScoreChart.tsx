import { useCallback } from "react";
import type { GradeReport } from "../api/schema";
import { labelEms, PlotFigure } from "../ui/PlotFigure";

/**
 * One bar per test: the pale track is the test's points, the filled part what was earned. Each
 * row also says passed or failed in words with a sign, so colour is never the only signal.
 */
export function ScoreChart({ report }: { report: GradeReport }) {
  const passed = report.tests.filter((test) => test.passed).length;
  const summary = `${report.score} of ${report.maxScore} points; ${passed} of ${report.tests.length} tests passed.`;
  const description = `${summary} ${report.tests
    .map(
      (test) =>
        `${test.name}${test.visibility === "hidden" ? " (hidden)" : ""}: ${test.passed ? "passed" : "failed"}, ${test.points} of ${test.maxPoints} points.`,
    )
    .join(" ")}`;

  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const rows = report.tests.map((test) => ({
        ...test,
        row: test.visibility === "hidden" ? `${test.name} (hidden)` : test.name,
        outcome: `${test.passed ? "✓ passed" : "✗ failed"}, ${test.points}/${test.maxPoints}`,
      }));
      const isNarrow = width < 520;
      return {
        width,
        height: rows.length * 30 + 36,
        marginLeft: isNarrow ? 120 : 220,
        marginRight: isNarrow ? 100 : 130,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: { label: "Points", grid: true, tickFormat: "d" },
        marginBottom: 40,
        y: { label: null, domain: rows.map((row) => row.row) },
        marks: [
          Plot.barX(rows, {
            x: "maxPoints",
            y: "row",
            fill: "var(--surface)",
            stroke: "var(--border)",
            insetTop: 6,
            insetBottom: 6,
          }),
          Plot.barX(rows, {
            x: "points",
            y: "row",
            fill: (row: { passed: boolean }) => (row.passed ? "var(--success)" : "var(--danger)"),
            insetTop: 6,
            insetBottom: 6,
          }),
          Plot.text(rows, { x: "maxPoints", y: "row", text: "outcome", textAnchor: "start", dx: 6 }),
          Plot.axisY({ label: null, lineWidth: labelEms(isNarrow ? 120 : 220), textOverflow: "ellipsis" }),
          Plot.ruleX([0]),
        ],
      };
    },
    [report],
  );

  return (
    <PlotFigure
      className="score-figure"
      title="Score per test"
      caption={summary}
      description={description}
      plot={plot}
    />
  );
}
