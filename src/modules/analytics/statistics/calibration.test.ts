import { describe, expect, it } from "vitest";
import { computeLeniency, computeReliability, oneWayAnova, type StageRating } from "./calibration.ts";

function ratingsOf(table: Record<string, Record<string, number>>): StageRating[] {
  return Object.entries(table).flatMap(([application, byInterviewer]) =>
    Object.entries(byInterviewer).map(([interviewer, rating]) => ({ application, interviewer, rating })),
  );
}

describe("interviewer leniency", () => {
  it("is the mean difference from the other raters on the same application", () => {
    const ratings = ratingsOf({
      a1: { kim: 4, lee: 2, max: 3 },
      a2: { kim: 3, lee: 3 },
      a3: { kim: 4, max: 2 },
      a4: { lee: 1 }, // rated alone: no co-raters to compare with
    });
    const [kim, lee, max] = computeLeniency(ratings, { minN: 2 });
    // kim: 4 − 2.5, 3 − 3, 4 − 2 → mean (1.5 + 0 + 2) / 3.
    expect(kim).toMatchObject({ interviewer: "kim", n: 3, reason: null });
    expect(kim?.leniency).toBeCloseTo(3.5 / 3, 15);
    expect(kim?.ciLow).toBeLessThan(kim?.leniency as number);
    // lee's lone rating on a4 does not count.
    expect(lee).toMatchObject({ interviewer: "lee", n: 2 });
    expect(lee?.leniency).toBeCloseTo((2 - 3.5 + 0) / 2, 15);
    expect(max).toMatchObject({ interviewer: "max", n: 2 });
  });

  it("nulls an interviewer under the minimum with too_few, still showing n", () => {
    const ratings = ratingsOf({ a1: { kim: 4, lee: 2 }, a2: { kim: 3, lee: 3 }, a3: { sol: 2 } });
    const leniency = computeLeniency(ratings, { minN: 3 });
    expect(leniency.map((row) => [row.interviewer, row.n, row.leniency, row.reason])).toEqual([
      ["kim", 2, null, "too_few"],
      ["lee", 2, null, "too_few"],
      ["sol", 0, null, "too_few"],
    ]);
  });

  it("keeps the mean but not the interval when every difference is the same", () => {
    const ratings = ratingsOf({ a1: { kim: 4, lee: 3 }, a2: { kim: 3, lee: 2 }, a3: { kim: 2, lee: 1 } });
    const [kim] = computeLeniency(ratings, { minN: 2 });
    expect(kim).toEqual({
      interviewer: "kim",
      n: 3,
      leniency: 1,
      ciLow: null,
      ciHigh: null,
      reason: "zero_variance",
    });
  });
});

describe("inter-rater reliability (one-way ICC)", () => {
  // Shrout & Fleiss (1979), Table 2: 6 targets, 4 judges. One-way ANOVA: BMS = 11.24, WMS = 6.26;
  // ICC(1,1) = .17 and ICC(1,4) = .44 as published (two decimals).
  const shroutFleiss = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];
  const shroutFleissRatings = shroutFleiss.flatMap((row, target) =>
    row.map((rating, judge) => ({ application: `t${target}`, interviewer: `j${judge}`, rating })),
  );

  it("reproduces Shrout & Fleiss's worked example", () => {
    const anova = oneWayAnova(shroutFleiss);
    expect(anova.msBetween).toBeCloseTo(11.24, 2);
    expect(anova.msWithin).toBeCloseTo(6.26, 2);
    expect(anova.k0).toBe(4);
    const reliability = computeReliability(shroutFleissRatings);
    expect(reliability).toMatchObject({ applications: 6, ratings: 24, k0: 4, reason: null });
    expect(reliability.icc1?.value).toBeCloseTo(0.17, 2);
    expect(reliability.iccMean?.value).toBeCloseTo(0.44, 2);
    expect(reliability.icc1?.ciLow).toBeLessThan(0);
    expect(reliability.icc1?.ciHigh).toBeGreaterThan(0.17);
  });

  it("needs 5 applications with 2 or more ratings", () => {
    const four = shroutFleissRatings.filter((rating) => rating.application < "t4");
    const withSingles = [...four, { application: "solo", interviewer: "j0", rating: 3 }];
    expect(computeReliability(withSingles)).toEqual({
      applications: 4,
      ratings: 16,
      k0: null,
      icc1: null,
      iccMean: null,
      reason: "too_few",
    });
  });

  it("answers zero_variance when every application's raters agree exactly", () => {
    const ratings = ratingsOf({
      a1: { kim: 4, lee: 4 },
      a2: { kim: 2, lee: 2, max: 2 },
      a3: { kim: 3, lee: 3 },
      a4: { kim: 1, max: 1 },
      a5: { lee: 2, max: 2 },
    });
    expect(computeReliability(ratings)).toMatchObject({
      applications: 5,
      ratings: 11,
      reason: "zero_variance",
    });
  });

  it("answers zero_variance when every application has the same mean", () => {
    const ratings = ratingsOf({
      a1: { kim: 4, lee: 2 },
      a2: { kim: 2, lee: 4 },
      a3: { kim: 3, lee: 3 },
      a4: { kim: 1, max: 5 },
      a5: { lee: 2, max: 4 },
    });
    expect(computeReliability(ratings).reason).toBe("zero_variance");
  });

  it("uses k0 below the mean group size when group sizes differ", () => {
    // Sizes 2, 2, 2, 2, 6: N = 14, Σn² = 52, k0 = (14 − 52/14) / 4.
    const anova = oneWayAnova([
      [1, 2],
      [2, 3],
      [3, 3],
      [4, 3],
      [1, 2, 3, 4, 2, 1],
    ]);
    expect(anova.k0).toBeCloseTo((14 - 52 / 14) / 4, 15);
    expect(anova.k0).toBeLessThan(14 / 5);
  });
});
