import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { describe, expect, it } from "vitest";
import { computeStageValidity, pearsonCorrelation, spearmanCorrelation } from "./correlation.ts";
import { Z_975 } from "./reasons.ts";

const pairs = (xs: number[], ys: number[]) => xs.map((x, index) => ({ x, y: ys[index] as number }));
const tenXs = [1, 1.5, 2, 2, 2.5, 3, 3, 3.5, 4, 4];
const tenYs = [1, 2, 1, 3, 2, 3, 4, 3, 4, 4];

describe("stage validity", () => {
  it("shows n and nulls every statistic with too_few below the minimum", () => {
    const validity = computeStageValidity(
      { stage: "Screen", hires: pairs(tenXs.slice(0, 9), tenYs.slice(0, 9)), applicantXs: tenXs },
      { minN: 10 },
    );
    expect(validity).toMatchObject({
      n: 9,
      r: null,
      ciLow: null,
      p: null,
      rho: null,
      rhoP: null,
      reason: "too_few",
    });
    // The range-restriction figures are still shown: they describe the data, not the correlation.
    expect(validity.hiresSdX).toBeGreaterThan(0);
    expect(validity.applicants).toBe(10);
  });

  it("computes at the minimum", () => {
    const validity = computeStageValidity({
      stage: "Screen",
      hires: pairs(tenXs, tenYs),
      applicantXs: tenXs,
    });
    expect(validity.reason).toBeNull();
    expect(validity.r).toBeGreaterThan(0.8);
    expect(validity.ciLow).toBeLessThan(validity.r as number);
    expect(validity.ciHigh).toBeGreaterThan(validity.r as number);
  });

  it("never goes below the 4 pairs the Fisher-z interval needs, whatever minN says", () => {
    const three = computeStageValidity(
      { stage: "Screen", hires: pairs([1, 2, 3], [1, 3, 2]), applicantXs: [1, 2, 3] },
      { minN: 1 },
    );
    expect(three.reason).toBe("too_few");
  });

  it("answers zero_variance, not a number, when every hire has the same rating or outcome", () => {
    const sameRating = computeStageValidity({
      stage: "Screen",
      hires: pairs(
        tenXs.map(() => 3),
        tenYs,
      ),
      applicantXs: [...tenXs, 1],
    });
    expect(sameRating).toMatchObject({ n: 10, r: null, rho: null, reason: "zero_variance", hiresSdX: 0 });
    const sameOutcome = computeStageValidity({
      stage: "Screen",
      hires: pairs(
        tenXs,
        tenYs.map(() => 2),
      ),
      applicantXs: tenXs,
    });
    expect(sameOutcome.reason).toBe("zero_variance");
  });

  it("shows the hires' SD of x beside the applicants' (range restriction is shown, not corrected)", () => {
    const applicantXs = [...tenXs, 1, 1, 1, 4, 4, 4];
    const validity = computeStageValidity({ stage: "Screen", hires: pairs(tenXs, tenYs), applicantXs });
    expect(validity.applicants).toBe(16);
    expect(validity.applicantsSdX).toBeGreaterThan(validity.hiresSdX as number);
    const noApplicants = computeStageValidity({
      stage: "Screen",
      hires: pairs(tenXs, tenYs),
      applicantXs: [2],
    });
    expect(noApplicants.applicantsSdX).toBeNull();
  });
});

describe("correlations at their limits", () => {
  it("gives r = 1 with p = 0 and a degenerate interval for a perfect line", () => {
    const result = pearsonCorrelation([1, 2, 3, 4, 5], [2, 4, 6, 8, 10]);
    expect(result).toEqual({ r: 1, ciLow: 1, ciHigh: 1, p: 0 });
  });

  it("gives rho = −1 for a perfectly reversed order, ties or not", () => {
    expect(spearmanCorrelation([1, 2, 3, 4], [40, 30, 20, 10])?.rho).toBe(-1);
    expect(spearmanCorrelation([1, 2, 2, 3], [9, 5, 5, 1])?.rho).toBeCloseTo(-1, 14);
  });

  it("differs from Pearson when the relation is monotone but not linear", () => {
    const xs = [1, 2, 3, 4, 5, 6];
    const ys = xs.map((x) => x ** 4);
    expect(spearmanCorrelation(xs, ys)?.rho).toBeCloseTo(1, 14);
    expect(pearsonCorrelation(xs, ys)?.r).toBeLessThan(0.95);
  });
});

describe("the Fisher-z critical value", () => {
  it("is the normal 97.5th percentile, correctly rounded", () => {
    // @stdlib gives 1.9599639845400538, one unit in the last place below the correctly rounded
    // 1.95996398454005423552… that SciPy's ndtri(0.975) returns and the issue prescribes.
    expect(Math.abs(Z_975 - normalQuantile(0.975, 0, 1))).toBeLessThanOrEqual(Number.EPSILON * 2);
    expect(Z_975).toBe(1.959963984540054);
  });
});
