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
 * one (Fisher 1935; Agresti 2002 §3.5.7). A table with an empty row or column has p = 1, and so
 * does one as probable as the most probable table.
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
  // The hypergeometric distribution is unimodal, so the tables no more probable than the observed
  // one form two tails, one each side of the mode: x ≤ lowerEnd and x ≥ upperEnd.
  const mode = Math.floor(((firstColumn + 1) * (firstRow + 1)) / (total + 2));
  if (probability(mode) <= threshold) return 1;
  const lowerEnd = lastAtOrBelow(probability, threshold, lowest, mode - 1, "rising");
  const upperEnd = lastAtOrBelow(probability, threshold, highest, mode + 1, "falling");
  const p =
    (lowerEnd === null ? 0 : sumTail(probability, lowerEnd, lowest, -1)) +
    (upperEnd === null ? 0 : sumTail(probability, upperEnd, highest, +1));
  return Math.min(p, 1);
}

/**
 * On a stretch from `extreme` towards the mode (`nearMode`) where the probability only grows, the
 * table nearest the mode whose probability is still ≤ threshold, by bisection; null when even the
 * extreme is more probable. SciPy finds the same boundary the same way.
 */
function lastAtOrBelow(
  probability: (x: number) => number,
  threshold: number,
  extreme: number,
  nearMode: number,
  direction: "rising" | "falling",
): number | null {
  const isTowardsMode = (x: number, limit: number) => (direction === "rising" ? x <= limit : x >= limit);
  if (!isTowardsMode(extreme, nearMode) || probability(extreme) > threshold) return null;
  let inside = extreme; // ≤ threshold
  let outside = nearMode + (direction === "rising" ? 1 : -1); // the mode: > threshold
  while (Math.abs(outside - inside) > 1) {
    const middle = Math.floor((inside + outside) / 2);
    if (probability(middle) <= threshold) inside = middle;
    else outside = middle;
  }
  return inside;
}

/**
 * Σ P(X = x) from `start` outwards to `extreme`. The distribution is log-concave, so going
 * outwards each term shrinks by a ratio that itself only shrinks: once the latest term times
 * ratio/(1 − ratio) — a bound on everything further out — is below 1e-17 of the sum, the rest
 * cannot change the answer and is skipped (a 100,000-application table would otherwise cost
 * tens of thousands of evaluations). The terms are added smallest first, for the least rounding.
 */
function sumTail(probability: (x: number) => number, start: number, extreme: number, step: 1 | -1): number {
  const terms: number[] = [];
  let runningSum = 0;
  let previous = Number.NaN;
  for (let x = start; step < 0 ? x >= extreme : x <= extreme; x += step) {
    const term = probability(x);
    terms.push(term);
    runningSum += term;
    if (term === 0) break;
    const ratio = term / previous;
    if (ratio < 1 && (term * ratio) / (1 - ratio) < 1e-17 * runningSum) break;
    previous = term;
  }
  let sum = 0;
  for (let index = terms.length - 1; index >= 0; index--) sum += terms[index] as number;
  return sum;
}
