import { describe, expect, it } from "vitest";
import { computeDecisionFormula, type FormulaScorecard, type FormulaStage } from "./decision-formula.ts";

const screen: FormulaStage = {
  stageId: "screen",
  stageName: "Application review",
  weight: 0,
  requiredRaters: 1,
};
const design: FormulaStage = {
  stageId: "design",
  stageName: "System design",
  weight: 0.6,
  requiredRaters: 2,
};
const pairing: FormulaStage = {
  stageId: "pairing",
  stageName: "Pair programming",
  weight: 0.4,
  requiredRaters: 2,
};

const card = (stageId: string, interviewerId: string, score: number): FormulaScorecard => ({
  stageId,
  interviewerId,
  score,
});

describe("computeDecisionFormula", () => {
  it("weights each stage's mean score and leaves unweighted stages out", () => {
    const result = computeDecisionFormula(
      [screen, design, pairing],
      [
        card("screen", "ana", 1),
        card("design", "ana", 3),
        card("design", "ben", 4),
        card("pairing", "cy", 2),
        card("pairing", "dee", 3),
      ],
      3,
    );
    expect(result.components).toEqual([
      {
        stageId: "design",
        stageName: "System design",
        weight: 0.6,
        score: 3.5,
        raters: 2,
        requiredRaters: 2,
      },
      {
        stageId: "pairing",
        stageName: "Pair programming",
        weight: 0.4,
        score: 2.5,
        raters: 2,
        requiredRaters: 2,
      },
    ]);
    // (0.6 × 3.5 + 0.4 × 2.5) / (0.6 + 0.4) = 3.1
    expect(result.formulaScore).toBe(3.1);
    expect(result.formulaOutcome).toBe("hire");
    expect(result.threshold).toBe(3);
  });

  it("normalises by the weights of the stages that have scores, whatever they sum to", () => {
    const result = computeDecisionFormula(
      [
        { ...design, weight: 0.2 },
        { ...pairing, weight: 0.1 },
      ],
      [
        card("design", "ana", 4),
        card("design", "ben", 4),
        card("pairing", "cy", 1),
        card("pairing", "dee", 1),
      ],
      3,
    );
    // (0.2 × 4 + 0.1 × 1) / 0.3 = 3
    expect(result.formulaScore).toBe(3);
    expect(result.formulaOutcome).toBe("hire");
  });

  it("says no_hire below the threshold", () => {
    const result = computeDecisionFormula(
      [design],
      [card("design", "ana", 2.875), card("design", "ben", 3)],
      3,
    );
    expect(result.formulaScore).toBe(2.938);
    expect(result.formulaOutcome).toBe("no_hire");
  });

  it("says hire exactly at the threshold, compared at the stored precision", () => {
    const atThreshold = computeDecisionFormula(
      [design],
      [card("design", "ana", 3), card("design", "ben", 3)],
      3,
    );
    expect(atThreshold.formulaOutcome).toBe("hire");
    // Float noise must not flip an exact tie: 0.7 × 2.9 + 0.3 × 3.2 is 2.99, computed as 2.98999….
    const noisy = computeDecisionFormula(
      [
        { ...design, weight: 0.7 },
        { ...pairing, weight: 0.3 },
      ],
      [
        card("design", "ana", 2.9),
        card("design", "ben", 2.9),
        card("pairing", "cy", 3.2),
        card("pairing", "dee", 3.2),
      ],
      2.99,
    );
    expect(noisy.formulaScore).toBe(2.99);
    expect(noisy.formulaOutcome).toBe("hire");
    const justBelow = computeDecisionFormula(
      [design],
      [card("design", "ana", 2.999), card("design", "ben", 2.999)],
      3,
    );
    expect(justBelow.formulaScore).toBe(2.999);
    expect(justBelow.formulaOutcome).toBe("no_hire");
  });

  it("is incomplete while a weighted stage has fewer raters than it requires", () => {
    const oneRater = computeDecisionFormula(
      [design, pairing],
      [card("design", "ana", 4), card("design", "ben", 4), card("pairing", "cy", 4)],
      3,
    );
    expect(oneRater.components.find((component) => component.stageId === "pairing")).toMatchObject({
      score: 4,
      raters: 1,
      requiredRaters: 2,
    });
    expect(oneRater.formulaScore).toBe(4);
    expect(oneRater.formulaOutcome).toBe("incomplete");

    const noScores = computeDecisionFormula(
      [design, pairing],
      [card("design", "ana", 4), card("design", "ben", 4)],
      3,
    );
    expect(noScores.components[1]).toMatchObject({ stageId: "pairing", score: null, raters: 0 });
    // The stage without scores is left out of the score but still blocks the outcome.
    expect(noScores.formulaScore).toBe(4);
    expect(noScores.formulaOutcome).toBe("incomplete");
  });

  it("counts an interviewer once per stage however many scorecards they filed there", () => {
    const result = computeDecisionFormula([design], [card("design", "ana", 4), card("design", "ana", 2)], 3);
    expect(result.components[0]).toMatchObject({ score: 3, raters: 1 });
    expect(result.formulaOutcome).toBe("incomplete");
  });

  it("is incomplete with no weighted stage or no scorecard at all", () => {
    const unweighted = computeDecisionFormula([screen], [card("screen", "ana", 4)], 3);
    expect(unweighted).toEqual({
      components: [],
      formulaScore: null,
      threshold: 3,
      formulaOutcome: "incomplete",
    });
    const empty = computeDecisionFormula([design], [], 3);
    expect(empty.formulaScore).toBeNull();
    expect(empty.formulaOutcome).toBe("incomplete");
  });

  it("ignores scorecards of stages that are not in the plan", () => {
    const result = computeDecisionFormula(
      [design],
      [card("design", "ana", 3), card("design", "ben", 3), card("removed-stage", "cy", 1)],
      3,
    );
    expect(result.formulaScore).toBe(3);
    expect(result.formulaOutcome).toBe("hire");
  });
});
