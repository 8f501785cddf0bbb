import { describe, expect, it } from "vitest";
import { fisherExactTwoSided } from "./fisher-exact.ts";

describe("two-sided Fisher exact test", () => {
  it("is 1 when a row or a column is empty", () => {
    expect(fisherExactTwoSided({ a: 0, b: 0, c: 12, d: 9 })).toBe(1);
    expect(fisherExactTwoSided({ a: 4, b: 0, c: 6, d: 0 })).toBe(1);
  });

  it("counts the mirror-image table, exactly as probable, on the other side", () => {
    // Fisher's tea-tasting table: P(3) = P(1) = 16/70 and P(4) = P(0) = 1/70, so p = 34/70.
    expect(fisherExactTwoSided({ a: 3, b: 1, c: 1, d: 3 })).toBeCloseTo(34 / 70, 15);
  });

  it("is 1 for two identical groups", () => {
    expect(fisherExactTwoSided({ a: 5, b: 5, c: 5, d: 5 })).toBeCloseTo(1, 12);
  });

  it("is symmetric in the two groups", () => {
    const forwards = fisherExactTwoSided({ a: 12, b: 30, c: 48, d: 40 });
    const backwards = fisherExactTwoSided({ a: 30, b: 12, c: 40, d: 48 });
    expect(forwards).toBeCloseTo(backwards, 15);
  });
});
