import { averageRanks, isConstant, mean, sampleStandardDeviation } from "./descriptive.ts";
import { twoSidedTP } from "./distributions.ts";
import { DEFAULT_VALIDITY_MIN_N, type StatisticReason, Z_975 } from "./reasons.ts";

export interface PearsonResult {
  r: number;
  ciLow: number;
  ciHigh: number;
  p: number;
}

export interface SpearmanResult {
  rho: number;
  p: number;
}

// Pearson's r is undefined below 3 pairs (n − 2 df) and its Fisher-z interval below 4 (n − 3).
const FISHER_Z_MIN_N = 4;

/** Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² · Σ(y − ȳ)²), clipped to [−1, 1] against rounding. */
function productMomentCorrelation(xs: readonly number[], ys: readonly number[]): number {
  const meanX = mean(xs);
  const meanY = mean(ys);
  let crossProducts = 0;
  let squaresX = 0;
  let squaresY = 0;
  for (let index = 0; index < xs.length; index++) {
    const dx = (xs[index] as number) - meanX;
    const dy = (ys[index] as number) - meanY;
    crossProducts += dx * dy;
    squaresX += dx * dx;
    squaresY += dy * dy;
  }
  const r = crossProducts / Math.sqrt(squaresX * squaresY);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Two-sided p of a correlation from t = r·√((n − 2) / (1 − r²)) with n − 2 df. 1 − r² is taken as
 * (1 − r)(1 + r), which keeps its digits when |r| is near 1.
 */
function correlationP(r: number, n: number): number {
  const oneMinusRSquared = (1 - r) * (1 + r);
  if (oneMinusRSquared <= 0) return 0;
  const t = r * Math.sqrt((n - 2) / oneMinusRSquared);
  return twoSidedTP(t, n - 2);
}

/**
 * Pearson's r with its 95 % confidence interval by the Fisher z transform, and its two-sided p
 * from Student's t with n − 2 df (as SciPy's `pearsonr` and its `confidence_interval()`).
 * Null when a variable is constant (r is undefined) or there are fewer than 4 pairs.
 */
export function pearsonCorrelation(xs: readonly number[], ys: readonly number[]): PearsonResult | null {
  const n = xs.length;
  if (n < FISHER_Z_MIN_N || isConstant(xs) || isConstant(ys)) return null;
  const r = productMomentCorrelation(xs, ys);
  // z = atanh(r) is approximately normal with standard error 1/√(n − 3) (Fisher 1921).
  const z = Math.atanh(r);
  const halfWidth = Z_975 / Math.sqrt(n - 3);
  return { r, ciLow: Math.tanh(z - halfWidth), ciHigh: Math.tanh(z + halfWidth), p: correlationP(r, n) };
}

/**
 * Spearman's rho: Pearson's r of the average ranks (ties share the mean of their ranks), with the
 * two-sided p by the t approximation with n − 2 df, as SciPy's `spearmanr`. Null when a variable
 * is constant or there are fewer than 3 pairs.
 */
export function spearmanCorrelation(xs: readonly number[], ys: readonly number[]): SpearmanResult | null {
  const n = xs.length;
  if (n < 3 || isConstant(xs) || isConstant(ys)) return null;
  const rho = productMomentCorrelation(averageRanks(xs), averageRanks(ys));
  return { rho, p: correlationP(rho, n) };
}

/** One application's mean rating at the stage (x) and its outcome (y); only hires have a y. */
export interface ValidityPair {
  x: number;
  y: number;
}

export interface StageValidityInput {
  stage: string;
  /** Hires with both a mean rating at this stage and the outcome. */
  hires: readonly ValidityPair[];
  /** The mean rating at this stage of every application that has one, hired or not. */
  applicantXs: readonly number[];
}

export interface StageValidity {
  stage: string;
  n: number;
  r: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  rho: number | null;
  rhoP: number | null;
  reason: StatisticReason | null;
  /**
   * Range restriction, shown rather than corrected: only hires have outcomes, so x varies less
   * among them than among applicants and r is attenuated. Sample SDs; null below 2 values.
   */
  hiresSdX: number | null;
  applicants: number;
  applicantsSdX: number | null;
}

function standardDeviationOrNull(values: readonly number[]): number | null {
  return values.length < 2 ? null : sampleStandardDeviation(values);
}

/**
 * How well a stage's mean rating predicts the outcome among hires: Pearson r (Fisher-z 95 % CI,
 * t-test p), Spearman rho (t-approximation p), and the hires' vs applicants' SD of x. Below
 * `minN` hires (never below 4, which the Fisher-z interval needs) every statistic is null with
 * `too_few`; a constant x or y gives `zero_variance`.
 */
export function computeStageValidity(
  input: StageValidityInput,
  options: { minN?: number } = {},
): StageValidity {
  const minN = Math.max(options.minN ?? DEFAULT_VALIDITY_MIN_N, FISHER_Z_MIN_N);
  const xs = input.hires.map((pair) => pair.x);
  const ys = input.hires.map((pair) => pair.y);
  const base = {
    stage: input.stage,
    n: input.hires.length,
    hiresSdX: standardDeviationOrNull(xs),
    applicants: input.applicantXs.length,
    applicantsSdX: standardDeviationOrNull(input.applicantXs),
  };
  const empty = { r: null, ciLow: null, ciHigh: null, p: null, rho: null, rhoP: null };
  if (xs.length < minN) return { ...base, ...empty, reason: "too_few" };
  const pearson = pearsonCorrelation(xs, ys);
  const spearman = spearmanCorrelation(xs, ys);
  if (pearson === null || spearman === null) return { ...base, ...empty, reason: "zero_variance" };
  return { ...base, ...pearson, rho: spearman.rho, rhoP: spearman.p, reason: null };
}
