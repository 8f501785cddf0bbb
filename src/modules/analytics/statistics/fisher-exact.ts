import { hypergeometricProbability } from "./distributions.ts";

/**
 * A 2×2 table of counts: rows are the two outcomes (e.g. selected, not selected), columns the two
 * groups compared.
 */
export interface TwoByTwoTable {
  a: number; // row 1, column 1
  b: number; // row 1, column 2
  c: number; // row 2, column 1
  d: number; // row 2, column 2
}

/**
 * A table counts as "no more probable than the observed one" when its probability is at most the
 * observed probability times 1 + 1e-7. Without the tolerance, a table exactly as probable as the
 * observed one (a mirror image) could be left out because of rounding in the last digits. R's
 * `fisher.test` uses 1e-7; SciPy 1.10 uses 1e-14 — the two agree unless some table's probability
 * falls within that sliver of the observed one, which the reference script checks never happens in
 * its fixtures.
 */
export const FISHER_RELATIVE_TOLERANCE = 1e-7;

/**
 * Two-sided Fisher exact test of a 2×2 table: with the margins fixed, a, the top-left count, is
 * hypergeometric; p = Σ P(X = x) over every x whose table is no more probable than the observed
 * one (Fisher 1935; Agresti 2002 §3.5.7). A table with an empty row or column has p = 1.
 */
export function fisherExactTwoSided(table: TwoByTwoTable): number {
  const { a, b, c, d } = table;
  const firstRow = a + b;
  const firstColumn = a + c;
  const total = a + b + c + d;
  if (firstRow === 0 || c + d === 0 || firstColumn === 0 || b + d === 0) return 1;

  const probability = (x: number) => hypergeometricProbability(x, total, firstRow, firstColumn);
  const threshold = probability(a) * (1 + FISHER_RELATIVE_TOLERANCE);
  const lowest = Math.max(0, firstColumn - (c + d));
  const highest = Math.min(firstRow, firstColumn);

  // The distribution is unimodal, so the qualifying tables are the two tails. Walking each tail
  // inwards adds the smallest terms first (least rounding) and stops at the first table more
  // probable than the observed one, so the work is proportional to the tails, not the support.
  let p = 0;
  let lower = lowest;
  for (; lower <= highest; lower++) {
    const term = probability(lower);
    if (term > threshold) break;
    p += term;
  }
  for (let upper = highest; upper > lower; upper--) {
    const term = probability(upper);
    if (term > threshold) break;
    p += term;
  }
  return Math.min(p, 1);
}
