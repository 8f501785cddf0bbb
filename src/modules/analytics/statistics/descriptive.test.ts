import { describe, expect, it } from "vitest";
import { averageRanks, isConstant, median, sampleStandardDeviation } from "./descriptive.ts";

describe("descriptive statistics", () => {
  it("gives tied values the average of the ranks they span (SciPy rankdata 'average')", () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 3, 3, 2])).toEqual([4, 1, 4, 4, 2]);
    expect(averageRanks([4, 4, 4])).toEqual([2, 2, 2]);
  });

  it("takes the median of an even count as the mean of the middle two", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("uses n − 1 for the sample SD and needs two values", () => {
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 15);
    expect(sampleStandardDeviation([3])).toBeNaN();
  });

  it("calls values constant only when every one is identical", () => {
    expect(isConstant([0.1 + 0.2, 0.1 + 0.2, 0.1 + 0.2])).toBe(true);
    expect(isConstant([1, 1, 1.0000001])).toBe(false);
  });
});
