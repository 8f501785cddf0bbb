import { describe, expect, it } from "vitest";
import { chooseReferenceGroup, computeAdverseImpact } from "./adverse-impact.ts";

describe("adverse impact", () => {
  it("compares every group of at least the minimum with the highest-rate group", () => {
    const result = computeAdverseImpact(
      [
        { group: "men", reached: 100, selected: 50 },
        { group: "women", reached: 80, selected: 28 },
      ],
      { minGroupSize: 10 },
    );
    expect(result.reference).toBe("men");
    const [men, women] = result.groups;
    expect(men).toMatchObject({ rate: 0.5, impactRatio: 1, flagged: false, reason: null });
    // The reference compared with itself: the same table on both sides, p = 1.
    expect(men?.fisherP).toBeCloseTo(1, 12);
    expect(women).toMatchObject({ rate: 0.35, flagged: true, reason: null });
    expect(women?.impactRatio).toBeCloseTo(0.7, 15);
    expect(women?.fisherP).toBeGreaterThan(0.03);
    expect(women?.significant).toBe(women?.fisherP !== null && (women?.fisherP as number) < 0.05);
  });

  it("does not flag a ratio of exactly four fifths", () => {
    const result = computeAdverseImpact([
      { group: "a", reached: 10, selected: 5 },
      { group: "b", reached: 10, selected: 4 },
    ]);
    expect(result.groups[1]).toMatchObject({ impactRatio: 0.8, flagged: false });
  });

  it("keeps counts and rate of a small group but nulls its comparison with too_few", () => {
    const result = computeAdverseImpact(
      [
        { group: "men", reached: 50, selected: 20 },
        { group: "non-binary", reached: 4, selected: 0 },
      ],
      { minGroupSize: 10 },
    );
    expect(result.groups[1]).toEqual({
      group: "non-binary",
      reached: 4,
      selected: 0,
      rate: 0,
      impactRatio: null,
      flagged: null,
      fisherP: null,
      significant: null,
      reason: "too_few",
    });
  });

  it("has no reference when every group is under the minimum", () => {
    const result = computeAdverseImpact([
      { group: "a", reached: 9, selected: 5 },
      { group: "b", reached: 3, selected: 1 },
    ]);
    expect(result.reference).toBeNull();
    expect(result.reason).toBe("too_few");
    expect(result.groups.map((group) => [group.rate, group.impactRatio, group.reason])).toEqual([
      [5 / 9, null, "too_few"],
      [1 / 3, null, "too_few"],
    ]);
  });

  it("flags a group nobody from was selected, with ratio 0", () => {
    const result = computeAdverseImpact([
      { group: "a", reached: 40, selected: 12 },
      { group: "b", reached: 30, selected: 0 },
    ]);
    expect(result.groups[1]).toMatchObject({ rate: 0, impactRatio: 0, flagged: true, significant: true });
  });

  it("answers no_selections when nobody passed the stage at all", () => {
    const result = computeAdverseImpact([
      { group: "a", reached: 40, selected: 0 },
      { group: "b", reached: 30, selected: 0 },
    ]);
    expect(result.reference).toBe("a");
    for (const group of result.groups) {
      expect(group).toMatchObject({ rate: 0, impactRatio: null, flagged: null, reason: "no_selections" });
      expect(group.fisherP).toBe(1);
      expect(group.significant).toBe(false);
    }
  });

  it("breaks a tie on rate in favour of the larger group, then by name, whatever the order", () => {
    const tied = [
      { group: "small", reached: 20, selected: 10 },
      { group: "large", reached: 40, selected: 20 },
    ];
    expect(chooseReferenceGroup(tied, 10)?.group).toBe("large");
    expect(chooseReferenceGroup([...tied].reverse(), 10)?.group).toBe("large");
    const sameSize = [
      { group: "y", reached: 20, selected: 10 },
      { group: "x", reached: 20, selected: 10 },
    ];
    expect(chooseReferenceGroup(sameSize, 10)?.group).toBe("x");
  });

  it("ignores a group under the minimum when choosing the reference, however high its rate", () => {
    const result = computeAdverseImpact(
      [
        { group: "tiny", reached: 3, selected: 3 },
        { group: "big", reached: 50, selected: 10 },
      ],
      { minGroupSize: 10 },
    );
    expect(result.reference).toBe("big");
  });
});
