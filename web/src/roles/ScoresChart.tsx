import { useCallback } from "react";
import type { ModelPoints, WorkModel } from "../api/schema";
import { PlotFigure } from "../ui/PlotFigure";
import { workModelLabels, workModels } from "./roles";

/** Signed points with a real minus sign, e.g. "+2", "−1.5", "0". */
export function formatPoints(points: number): string {
  if (points > 0) return `+${points}`;
  if (points < 0) return `−${Math.abs(points)}`;
  return "0";
}

// Scores can be negative, so the axis is symmetric around zero and grows in steps of 2
// points to fit the largest score; small scores still get a readable scale.
function scaleLimit(scores: ModelPoints): number {
  const largest = Math.max(...workModels.map((model) => Math.abs(scores[model])));
  return Math.max(4, Math.ceil(largest / 2) * 2);
}

/**
 * A bar per work model, drawn from zero; the recommended model stands out, an excluded one is
 * an outline marked "excluded" in words.
 */
export function ScoresChart({
  scores,
  recommendation,
  allowedModels,
  caption,
}: {
  scores: ModelPoints;
  recommendation: WorkModel;
  allowedModels: WorkModel[];
  caption?: string;
}) {
  const noteOf = (model: WorkModel) =>
    [allowedModels.includes(model) ? null : "excluded", model === recommendation ? "recommended" : null]
      .filter(Boolean)
      .join(", ");
  const description = `Horizontal bar chart of each work model's total points. ${workModels
    .map(
      (model) =>
        `${workModelLabels[model]}: ${formatPoints(scores[model])}${
          allowedModels.includes(model) ? "" : " (excluded by a hard constraint)"
        }${model === recommendation ? " (recommended)" : ""}.`,
    )
    .join(" ")}`;

  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const limit = scaleLimit(scores);
      const rows = workModels.map((model) => {
        const isAllowed = allowedModels.includes(model);
        return {
          label: isAllowed ? workModelLabels[model] : `${workModelLabels[model]}\n(excluded)`,
          points: scores[model],
          isAllowed,
          fill: !isAllowed
            ? "var(--surface)"
            : model === recommendation
              ? "var(--accent)"
              : "var(--bar-1998)",
          value: formatPoints(scores[model]),
        };
      });
      return {
        width: Math.min(width, 560),
        height: rows.length * 40 + 40,
        marginLeft: 110,
        marginRight: 36,
        style: { fontSize: "14px", fontFamily: "var(--font)" },
        x: {
          domain: [-limit, limit],
          ticks: [-limit, -limit / 2, 0, limit / 2, limit],
          tickFormat: formatPoints,
          grid: true,
          label: null,
        },
        y: { label: null, domain: rows.map((row) => row.label), padding: 0.3 },
        marks: [
          Plot.barX(rows, {
            x: "points",
            y: "label",
            fill: "fill",
            stroke: (row: { isAllowed: boolean }) => (row.isAllowed ? "none" : "var(--muted)"),
            strokeDasharray: "4 3",
          }),
          Plot.text(
            rows.filter((row) => row.points >= 0),
            { x: "points", y: "label", text: "value", textAnchor: "start", dx: 6 },
          ),
          Plot.text(
            rows.filter((row) => row.points < 0),
            { x: "points", y: "label", text: "value", textAnchor: "end", dx: -6 },
          ),
          Plot.axisY({ label: null, fontWeight: 600 }),
          Plot.ruleX([0], { stroke: "var(--text)", strokeWidth: 1.5 }),
        ],
      };
    },
    [scores, recommendation, allowedModels],
  );

  return (
    <PlotFigure
      className="scores-figure"
      title="Score of each work model"
      description={description}
      caption={caption}
      plot={plot}
      table={{
        columns: ["Work model", "Points", "Note"],
        rows: workModels.map((model) => ({
          key: model,
          cells: [workModelLabels[model], formatPoints(scores[model]), noteOf(model)],
        })),
      }}
    />
  );
}
