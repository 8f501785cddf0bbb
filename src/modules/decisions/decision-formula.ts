import type { DecisionComponent } from "./decisions-table.ts";

/**
 * The fixed weighted formula that turns independent scorecards into a hiring recommendation
 * (Campion, Palmer & Campion 1997, component 15; Conway, Jako & Goodman 1995: combining ratings
 * mechanically beats combining them in discussion).
 *
 * For every stage of the role's plan with a weight above 0, in plan order:
 *   - stage score = mean of the scores (each the mean rubric level, 1–4) of the latest version of
 *     every scorecard filed in that stage's non-cancelled interviews of the application;
 *   - raters = the distinct interviewers who filed those scorecards.
 *   - An async_challenge stage's auto-graded result counts as one scorecard by the grader:
 *     its latest graded Submit, points share mapped linearly onto 1–4 (decisions.ts).
 *   - A trial_day stage's filed observation forms (of a day sent to the candidate) and an
 *     async_exercise stage's filed step reviews count as scorecards too, each scored as the
 *     mean of its anchored levels (1–4), with its observer or reviewer as the rater
 *     (rubric-evidence.ts).
 * Then:
 *   - formula score = Σ(weight × stage score) / Σ(weight), over the weighted stages that have a
 *     score; null when none has;
 *   - formula outcome = "incomplete" when the plan has no weighted stage or any weighted stage has
 *     fewer raters than its requiredRaters; otherwise "hire" when the formula score is at or above
 *     the role's hire threshold, else "no_hire".
 * Scores are rounded to 3 decimals, the precision they are stored with, before the threshold is
 * compared, so the outcome always agrees with the score people see.
 */

/** A stage of the role's plan, as the formula needs it. */
export interface FormulaStage {
  stageId: string;
  stageName: string;
  weight: number;
  requiredRaters: number;
}

/** The latest version of one scorecard of a non-cancelled interview. */
export interface FormulaScorecard {
  stageId: string;
  interviewerId: string;
  score: number;
}

export type FormulaOutcome = "hire" | "no_hire" | "incomplete";

export interface FormulaResult {
  components: DecisionComponent[];
  formulaScore: number | null;
  threshold: number;
  formulaOutcome: FormulaOutcome;
}

const roundToStoredPrecision = (value: number) => Math.round(value * 1000) / 1000;

const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Applies the decision formula described above; pure, so the same evidence always gives the same answer. */
export function computeDecisionFormula(
  stages: readonly FormulaStage[],
  scorecards: readonly FormulaScorecard[],
  threshold: number,
): FormulaResult {
  const components: DecisionComponent[] = stages
    .filter((stage) => stage.weight > 0)
    .map((stage) => {
      const stageScorecards = scorecards.filter((scorecard) => scorecard.stageId === stage.stageId);
      return {
        stageId: stage.stageId,
        stageName: stage.stageName,
        weight: stage.weight,
        score:
          stageScorecards.length === 0
            ? null
            : roundToStoredPrecision(mean(stageScorecards.map((scorecard) => scorecard.score))),
        raters: new Set(stageScorecards.map((scorecard) => scorecard.interviewerId)).size,
        requiredRaters: stage.requiredRaters,
      };
    });

  let weightedSum = 0;
  let weightTotal = 0;
  for (const component of components) {
    if (component.score === null) continue;
    weightedSum += component.weight * component.score;
    weightTotal += component.weight;
  }
  const formulaScore = weightTotal > 0 ? roundToStoredPrecision(weightedSum / weightTotal) : null;

  const isIncomplete =
    components.length === 0 || components.some((component) => component.raters < component.requiredRaters);
  let formulaOutcome: FormulaOutcome;
  if (isIncomplete || formulaScore === null) formulaOutcome = "incomplete";
  else formulaOutcome = formulaScore >= threshold ? "hire" : "no_hire";

  return { components, formulaScore, threshold, formulaOutcome };
}
