import { useCallback } from "react";
import type { DecisionComponent, FormulaOutcome } from "../api/schema";
import { labelEms, PlotFigure } from "../ui/PlotFigure";
import { formatScore, formatWeight, outcomeLabels } from "./decisions";

const maxScore = 4;
const totalRow = "Formula score";

interface Step {
  row: string;
  component: DecisionComponent;
  contribution: number | null;
  start: number;
  isShortOfRaters: boolean;
}

/** Each scored stage adds weight × score ÷ (sum of the scored stages' weights) to the formula score. */
function stepsOf(components: DecisionComponent[]): Step[] {
  const scoredWeight = components.reduce(
    (total, component) => total + (component.score === null ? 0 : component.weight),
    0,
  );
  let cumulative = 0;
  return components.map((component, index) => {
    const contribution =
      component.score === null || scoredWeight === 0
        ? null
        : (component.weight * component.score) / scoredWeight;
    const start = cumulative;
    if (contribution !== null) cumulative += contribution;
    const isShortOfRaters = component.raters < component.requiredRaters;
    const raters = isShortOfRaters ? ` · ${component.raters} of ${component.requiredRaters} raters` : "";
    return {
      row: `${index + 1}. ${component.stageName} (weight ${formatWeight(component.weight)}${raters})`,
      component,
      contribution,
      start,
      isShortOfRaters,
    };
  });
}

/**
 * How the formula score is built: the bars step along the 0–4 scale like a waterfall and end at
 * the formula score, which the last row shows against the hire threshold.
 */
export function DecisionChart({
  components,
  formulaScore,
  threshold,
  formulaOutcome,
  caption,
}: {
  components: DecisionComponent[];
  formulaScore: number | null;
  threshold: number;
  formulaOutcome: FormulaOutcome;
  caption?: string;
}) {
  const steps = stepsOf(components);
  const description = [
    ...steps.map(({ component, contribution }) =>
      contribution === null
        ? `${component.stageName} (weight ${formatWeight(component.weight)}): no score yet.`
        : `${component.stageName} (weight ${formatWeight(component.weight)}): score ${formatScore(
            component.score ?? 0,
          )}, adds ${formatScore(contribution)}.`,
    ),
    formulaScore === null
      ? "No formula score yet."
      : `Formula score ${formatScore(formulaScore)} against a threshold of ${formatScore(threshold)}: ${outcomeLabels[
          formulaOutcome
        ].toLowerCase()}.`,
  ].join(" ");

  const plot = useCallback(
    (Plot: typeof import("@observablehq/plot"), width: number) => {
      const isNarrow = width < 520;
      const scored = steps.filter((step) => step.contribution !== null);
      const unscored = steps.filter((step) => step.contribution === null);
      const totalFill =
        formulaOutcome === "hire"
          ? "var(--accent)"
          : formulaOutcome === "no_hire"
            ? "var(--danger)"
            : "var(--warning-border)";
      const total = formulaScore === null ? [] : [{ row: totalRow, score: formulaScore }];
      return {
        width,
        // Narrow labels wrap onto up to three lines; the rows grow to hold them.
        height: (steps.length + 1) * (isNarrow ? 52 : 40) + 60,
        marginLeft: isNarrow ? 140 : 250,
        marginRight: 48,
        marginTop: 28,
        style: { fontSize: "13px", fontFamily: "var(--font)" },
        x: { domain: [0, maxScore], ticks: [0, 1, 2, 3, 4], tickFormat: "d", grid: true, label: null },
        y: { label: null, domain: [...steps.map((step) => step.row), totalRow], padding: 0.3 },
        marks: [
          Plot.barX(scored, {
            x1: "start",
            x2: (step: Step) => step.start + (step.contribution ?? 0),
            y: "row",
            fill: (step: Step) => (step.isShortOfRaters ? "var(--warning-border)" : "var(--bar-1998)"),
          }),
          Plot.text(scored, {
            x: (step: Step) => step.start + (step.contribution ?? 0),
            y: "row",
            text: (step: Step) => `+${formatScore(step.contribution ?? 0)}`,
            textAnchor: "start",
            dx: 4,
          }),
          Plot.text(unscored, {
            x: "start",
            y: "row",
            text: () => "no score yet",
            textAnchor: "start",
            dx: 4,
            fill: "var(--muted)",
          }),
          Plot.barX(total, { x: "score", y: "row", fill: totalFill }),
          Plot.text(total, {
            x: "score",
            y: "row",
            text: (bar: { score: number }) => formatScore(bar.score),
            textAnchor: "start",
            dx: 4,
            fontWeight: 600,
          }),
          Plot.ruleX([Math.min(threshold, maxScore)], {
            stroke: "var(--text)",
            strokeWidth: 2,
            strokeDasharray: "5 3",
          }),
          Plot.text([Math.min(threshold, maxScore)], {
            x: (value: number) => value,
            frameAnchor: "top",
            dy: -16,
            text: () => `Hire threshold ${formatScore(threshold)}`,
            fontWeight: 600,
          }),
          Plot.axisY({ label: null, lineWidth: labelEms(isNarrow ? 140 : 250) }),
          Plot.ruleX([0]),
        ],
      };
    },
    [steps, formulaScore, threshold, formulaOutcome],
  );

  return (
    <PlotFigure
      className="decision-figure"
      title="Weighted contribution of each stage to the formula score"
      description={description}
      caption={caption}
      plot={plot}
    />
  );
}
