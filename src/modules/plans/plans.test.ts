import { describe, expect, it } from "vitest";
import { findBuiltInKit } from "../kits/kits.ts";
import { workModels } from "../roles/roles-table.ts";
import { isScoredStageType, kitKindForStageType, planTemplates } from "./plan-templates.ts";
import { validatePlanStages } from "./plans.ts";
import { interviewStageTypes } from "./plans-table.ts";
import type { PlanStageInput } from "./schemas.ts";

const templateAsInput = (workModel: (typeof workModels)[number]): PlanStageInput[] =>
  planTemplates[workModel].map(({ kitSlug, ...stage }) => ({
    ...stage,
    ...(kitSlug ? { kitSlug } : {}),
    interviewerPool: [],
  }));

const paths = (stages: PlanStageInput[]) => validatePlanStages(stages).map((problem) => problem.path);

describe("plan templates", () => {
  it.each(workModels)(
    "the %s template passes the plan rules, with weights summing to 1 and real kits",
    (model) => {
      const template = planTemplates[model];
      expect(validatePlanStages(templateAsInput(model))).toEqual([]);
      const total = template
        .filter((stage) => isScoredStageType(stage.type))
        .reduce((sum, s) => sum + s.weight, 0);
      expect(total).toBeCloseTo(1, 6);
      for (const stage of template) {
        if (stage.kitSlug) expect(findBuiltInKit(stage.kitSlug)?.kind).toBe(kitKindForStageType[stage.type]);
        if (interviewStageTypes.includes(stage.type) || stage.type === "async_collaboration") {
          expect(stage.requiredRaters).toBeGreaterThanOrEqual(2);
        } else {
          expect(stage.requiredRaters).toBe(1);
        }
        expect(stage.isBlind).toBe(
          ["async_challenge", "async_collaboration", "written_exercise"].includes(stage.type),
        );
      }
    },
  );

  it("orders the stages of each work model as the product describes", () => {
    const sequence = (model: (typeof workModels)[number]) =>
      planTemplates[model].map((stage) => `${stage.type}${stage.mode ? `:${stage.mode}` : ""}`);
    expect(sequence("remote")).toEqual([
      "application_review",
      "async_challenge:async",
      "async_collaboration:async",
      "system_design:remote",
      "pair_programming:remote",
      "decision",
    ]);
    expect(sequence("onsite")).toEqual([
      "application_review",
      "async_challenge:async",
      "system_design:onsite",
      "pair_programming:onsite",
      "trial_day:onsite",
      "decision",
    ]);
    expect(sequence("hybrid")).toEqual([
      "application_review",
      "async_challenge:async",
      "system_design:remote",
      "pair_programming:onsite",
      "async_collaboration:async",
      "decision",
    ]);
  });
});

describe("validatePlanStages", () => {
  const base = () => templateAsInput("remote");

  it("requires at least 2 raters for interview stages", () => {
    const stages = base();
    stages[3] = { ...(stages[3] as PlanStageInput), requiredRaters: 1 };
    expect(paths(stages)).toEqual(["stages.3.requiredRaters"]);
  });

  it("requires a non-empty interview pool to hold at least the required raters, without repeats", () => {
    const stages = base();
    stages[4] = { ...(stages[4] as PlanStageInput), interviewerPool: ["u1"] };
    expect(paths(stages)).toEqual(["stages.4.interviewerPool"]);
    stages[4] = { ...(stages[4] as PlanStageInput), interviewerPool: ["u1", "u1"] };
    expect(validatePlanStages(stages)[0]?.message).toBe("lists the same person more than once");
    stages[4] = { ...(stages[4] as PlanStageInput), interviewerPool: ["u1", "u2"] };
    expect(paths(stages)).toEqual([]);
  });

  it("requires the scored weights to sum to 1 within 0.001, unless all are 0", () => {
    const stages = base();
    stages[1] = { ...(stages[1] as PlanStageInput), weight: 0.2005 };
    expect(paths(stages)).toEqual([]);
    stages[1] = { ...(stages[1] as PlanStageInput), weight: 0.25 };
    expect(validatePlanStages(stages)).toEqual([
      { path: "stages", message: "the scored stages' weights sum to 1.05; they must sum to 1 (or all be 0)" },
    ]);
    const unweighted = base().map((stage) => ({ ...stage, weight: 0 }));
    expect(paths(unweighted)).toEqual([]);
  });

  it("keeps application review and decision at weight 0", () => {
    const stages = base();
    stages[0] = { ...(stages[0] as PlanStageInput), weight: 0.1 };
    expect(paths(stages)).toContain("stages.0.weight");
  });

  it("ends with the one decision stage and allows at most 20 stages", () => {
    const withoutDecision = base().slice(0, -1);
    expect(paths(withoutDecision)).toEqual(["stages.4.type"]);
    const early = base();
    early.splice(1, 0, { ...(early[5] as PlanStageInput), name: "Early decision" });
    expect(paths(early)).toEqual(["stages.1.type"]);
    const reviews = Array.from({ length: 20 }, (_, index) => ({
      ...(base()[0] as PlanStageInput),
      name: `Review ${index}`,
    }));
    const tooMany = [...reviews, base()[5] as PlanStageInput];
    expect(paths(tooMany)).toEqual(["stages"]);
    expect(paths([])).toEqual(["stages"]);
  });

  it("checks modes, kits, challenges, deadlines, repeated ids and names per stage type", () => {
    const stages = base();
    stages[0] = { ...(stages[0] as PlanStageInput), mode: "remote", kitSlug: "system-design-url-shortener" };
    stages[1] = { ...(stages[1] as PlanStageInput), mode: "onsite" };
    stages[3] = {
      ...(stages[3] as PlanStageInput),
      challengeId: "rate-limiter",
      deadlineDays: 3,
      id: "same",
    };
    stages[4] = {
      ...(stages[4] as PlanStageInput),
      kitVersionId: "00000000-0000-4000-8000-000000000000",
      id: "same",
      name: "remote SYSTEM design ",
    };
    expect(paths(stages).sort()).toEqual(
      [
        "stages.0.mode",
        "stages.0.kitSlug",
        "stages.1.mode",
        "stages.3.challengeId",
        "stages.3.deadlineDays",
        "stages.4.id",
        "stages.4.name",
        "stages.4.kitVersionId",
      ].sort(),
    );
  });
});
