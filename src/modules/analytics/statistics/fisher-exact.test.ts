import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hypergeometricProbability } from "./distributions.ts";
import { FISHER_RELATIVE_TOLERANCE, fisherExactTwoSided, type TwoByTwoTable } from "./fisher-exact.ts";

/** The definition, term by term over the whole support: slow, obviously right. */
function fisherBySummingEveryTable({ a, b, c, d }: TwoByTwoTable): number {
  const [row, column, total] = [a + b, a + c, a + b + c + d];
  if (row === 0 || c + d === 0 || column === 0 || b + d === 0) return 1;
  const threshold = hypergeometricProbability(a, total, row, column) * (1 + FISHER_RELATIVE_TOLERANCE);
  let p = 0;
  for (let x = Math.max(0, column - (c + d)); x <= Math.min(row, column); x++) {
    const term = hypergeometricProbability(x, total, row, column);
    if (term <= threshold) p += term;
  }
  return Math.min(p, 1);
}

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

  it("equals the sum over every table no more probable than the observed one", () => {
    // The implementation bisects for the tails and stops at negligible terms; the definition
    // does neither. Any table, including empty cells and lopsided margins.
    const count = fc.integer({ min: 0, max: 300 });
    fc.assert(
      fc.property(fc.record({ a: count, b: count, c: count, d: count }), (table) => {
        const expected = fisherBySummingEveryTable(table);
        const actual = fisherExactTwoSided(table);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * expected + 1e-300);
      }),
      { numRuns: 300, seed: 15 },
    );
  });
});
