import { describe, expect, it } from "vitest";
import { computeFunnel, type StageVisit } from "./funnel.ts";

const visit = (
  application: string,
  stage: string,
  stageOrder: number,
  passed: boolean,
  enteredAt: string | null,
) => ({ application, stage, stageOrder, passed, enteredAt }) satisfies StageVisit;

describe("funnel", () => {
  it("counts reached and passed per stage in order, with the median days to the next stage", () => {
    const funnel = computeFunnel([
      visit("a", "Offer", 3, false, "2026-01-30"),
      visit("a", "Screen", 1, true, "2026-01-01"),
      visit("a", "Onsite", 2, true, "2026-01-11"),
      visit("b", "Screen", 1, true, "2026-02-01"),
      visit("b", "Onsite", 2, false, "2026-02-05"),
      visit("c", "Screen", 1, true, "2026-03-01"),
      visit("c", "Onsite", 2, false, null),
      visit("d", "Screen", 1, false, "2026-03-01"),
    ]);
    expect(funnel).toEqual([
      // a: 10 days, b: 4 days; c's Onsite has no date; d never left Screen.
      {
        stage: "Screen",
        reached: 4,
        passed: 3,
        passRate: 0.75,
        daysN: 2,
        medianDaysInStage: 7,
        reason: null,
      },
      // Only a reached a stage after Onsite.
      {
        stage: "Onsite",
        reached: 3,
        passed: 1,
        passRate: 1 / 3,
        daysN: 1,
        medianDaysInStage: 19,
        reason: null,
      },
      // Nobody passed the offer; nobody has a later stage, so no days.
      {
        stage: "Offer",
        reached: 1,
        passed: 0,
        passRate: 0,
        daysN: 0,
        medianDaysInStage: null,
        reason: "too_few",
      },
    ]);
  });

  it("orders stages pooled across roles by their smallest stage order", () => {
    const funnel = computeFunnel([
      visit("a", "Take-home", 3, true, null),
      visit("b", "Take-home", 2, true, null),
      visit("b", "Pairing", 3, true, null),
    ]);
    expect(funnel.map((stage) => stage.stage)).toEqual(["Take-home", "Pairing"]);
  });
});
