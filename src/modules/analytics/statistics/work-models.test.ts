import { describe, expect, it } from "vitest";
import {
  compareWorkModelOutcomes,
  compareWorkModelRetention,
  holmAdjust,
  welchTTest,
} from "./work-models.ts";

describe("work models compared", () => {
  const outcomes = {
    onsite: [2, 3, 3, 2, 3, 4, 2, 3],
    remote: [3, 4, 3, 4, 3, 4, 3],
    hybrid: [2, 3, 3],
  };

  it("gives each group n, mean and SD, and nulls a group under the minimum and its pairs", () => {
    const comparison = compareWorkModelOutcomes(outcomes, { minGroupSize: 5 });
    expect(comparison.groups.map((group) => [group.workModel, group.n, group.reason])).toEqual([
      ["onsite", 8, null],
      ["remote", 7, null],
      ["hybrid", 3, "too_few"],
    ]);
    expect(comparison.groups[0]?.mean).toBe(22 / 8);
    expect(comparison.groups[2]).toMatchObject({ mean: null, sd: null, rate: null });
    expect(comparison.pairs.map((pair) => [pair.a, pair.b, pair.reason])).toEqual([
      ["remote", "onsite", null],
      ["hybrid", "onsite", "too_few"],
      ["remote", "hybrid", "too_few"],
    ]);
    const [remoteOnsite] = comparison.pairs;
    expect(remoteOnsite?.difference).toBeCloseTo(24 / 7 - 22 / 8, 15);
    // One p among the three: Holm leaves it as it is.
    expect(remoteOnsite?.pHolm).toBe(remoteOnsite?.p);
  });

  it("answers zero_variance for a pair of two constant groups", () => {
    const comparison = compareWorkModelOutcomes(
      { onsite: [3, 3, 3, 3, 3], remote: [3, 3, 3, 3, 3], hybrid: [2, 3, 4, 3, 2] },
      { minGroupSize: 5 },
    );
    expect(comparison.pairs[0]).toMatchObject({ a: "remote", b: "onsite", p: null, reason: "zero_variance" });
    expect(comparison.pairs[1]?.p).toBeTypeOf("number");
    expect(welchTTest([3, 3], [3, 3])).toBeNull();
  });

  it("compares retention by rates and Fisher's exact test, with no interval", () => {
    const comparison = compareWorkModelRetention({
      onsite: { n: 40, retained: 30 },
      remote: { n: 50, retained: 45 },
      hybrid: { n: 4, retained: 4 },
    });
    expect(comparison.groups.map((group) => [group.workModel, group.rate, group.mean])).toEqual([
      ["onsite", 0.75, null],
      ["remote", 0.9, null],
      ["hybrid", null, null],
    ]);
    const [remoteOnsite] = comparison.pairs;
    expect(remoteOnsite?.difference).toBeCloseTo(0.15, 15);
    expect(remoteOnsite).toMatchObject({ ciLow: null, ciHigh: null, reason: null });
    expect(remoteOnsite?.p).toBeGreaterThan(0.05);
    expect(remoteOnsite?.p).toBeLessThan(0.1);
  });
});

describe("Holm adjustment", () => {
  it("multiplies the i-th smallest of m p-values by m − i + 1 and keeps the order monotone", () => {
    expect(holmAdjust([0.01, 0.04, 0.03])).toEqual([0.03, 0.06, 0.06]);
  });

  it("caps at 1 and counts only the p-values that exist", () => {
    expect(holmAdjust([0.4, null, 0.9])).toEqual([0.8, null, 0.9]);
    expect(holmAdjust([null, null, null])).toEqual([null, null, null]);
  });
});
