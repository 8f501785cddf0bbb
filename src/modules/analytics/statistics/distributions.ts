// The probability distributions every statistic here needs, from @stdlib (accurate to near machine
// precision and checked against SciPy by the reference tests). Nothing here implements a special
// function itself; these wrappers only fix the tail and the argument order in one place.
import fQuantile from "@stdlib/stats-base-dists-f-quantile";
import hypergeometricPmf from "@stdlib/stats-base-dists-hypergeometric-pmf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import tQuantile from "@stdlib/stats-base-dists-t-quantile";

/**
 * Two-sided p of a Student's t statistic: 2·P(T ≤ −|t|). Taking the lower tail keeps full
 * relative precision for tiny p, where 1 − cdf(|t|) would round to 0.
 */
export function twoSidedTP(t: number, degreesOfFreedom: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * tCdf(-Math.abs(t), degreesOfFreedom));
}

/** The p-th quantile of Student's t (degrees of freedom may be fractional, as in Welch's test). */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  return tQuantile(p, degreesOfFreedom);
}

/** The p-th quantile of the F distribution with (numerator, denominator) degrees of freedom. */
export function fisherFQuantile(p: number, numeratorDf: number, denominatorDf: number): number {
  return fQuantile(p, numeratorDf, denominatorDf);
}

/**
 * P(X = x) when drawing `draws` items without replacement from `population` items of which
 * `successes` are successes.
 */
export function hypergeometricProbability(x: number, population: number, successes: number, draws: number) {
  return hypergeometricPmf(x, population, successes, draws);
}
