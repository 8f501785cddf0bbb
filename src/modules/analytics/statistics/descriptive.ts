// Two-pass formulas (mean first, then squared deviations from it), as NumPy computes them: a
// one-pass sum of squares loses digits when the mean is large against the spread.

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export function mean(values: readonly number[]): number {
  return sum(values) / values.length;
}

/** Sum of squared deviations from the mean. */
export function sumOfSquaredDeviations(values: readonly number[]): number {
  const centre = mean(values);
  let total = 0;
  for (const value of values) total += (value - centre) ** 2;
  return total;
}

/** Sample variance (n − 1 in the denominator); NaN below 2 values. */
export function sampleVariance(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  return sumOfSquaredDeviations(values) / (values.length - 1);
}

/** Sample standard deviation (n − 1 in the denominator); NaN below 2 values. */
export function sampleStandardDeviation(values: readonly number[]): number {
  return Math.sqrt(sampleVariance(values));
}

/**
 * True when every value is the same. Checked on the values themselves rather than on a computed
 * variance, which can come out as a tiny positive number for identical non-representable values.
 */
export function isConstant(values: readonly number[]): boolean {
  const first = values[0];
  return values.every((value) => value === first);
}

/** The median (the mean of the middle two for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] as number) + upper) / 2;
}

/**
 * Ranks 1..n in the input's order, tied values sharing the average of the ranks they span
 * (SciPy's `rankdata(method="average")`), as Spearman's rho needs.
 */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((_, index) => index).sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    const value = values[order[start] as number];
    while (end + 1 < order.length && values[order[end + 1] as number] === value) end++;
    // Positions start..end (0-based) hold ranks start+1..end+1; their average is the midpoint.
    const sharedRank = (start + end + 2) / 2;
    for (let position = start; position <= end; position++) ranks[order[position] as number] = sharedRank;
    start = end + 1;
  }
  return ranks;
}
