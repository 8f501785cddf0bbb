import { mean, sampleStandardDeviation, sampleVariance } from "./descriptive.ts";
import { studentTQuantile, twoSidedTP } from "./distributions.ts";
import { fisherExactTwoSided } from "./fisher-exact.ts";
import { CONFIDENCE_LEVEL, DEFAULT_WORK_MODEL_MIN_GROUP_SIZE, type StatisticReason } from "./reasons.ts";

export type WorkModel = "onsite" | "remote" | "hybrid";

export const WORK_MODELS: readonly WorkModel[] = ["onsite", "remote", "hybrid"];

/** The three comparisons, each read as a − b. */
export const WORK_MODEL_PAIRS: readonly (readonly [WorkModel, WorkModel])[] = [
  ["remote", "onsite"],
  ["hybrid", "onsite"],
  ["remote", "hybrid"],
];

export interface WorkModelGroup {
  workModel: WorkModel;
  n: number;
  /** outcome_6m: the mean rating; null for retention. */
  mean: number | null;
  /** outcome_6m: the sample SD; null for retention. */
  sd: number | null;
  /** retained_12m: the share retained; null for outcome_6m. */
  rate: number | null;
  reason: StatisticReason | null;
}

export interface WorkModelPair {
  a: WorkModel;
  b: WorkModel;
  difference: number | null;
  /** 95 % CI of the difference; outcome_6m only (Fisher's exact test gives no interval). */
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  /** p after Holm's adjustment over the pairs that have a p. */
  pHolm: number | null;
  reason: StatisticReason | null;
}

export interface WorkModelComparison {
  groups: WorkModelGroup[];
  pairs: WorkModelPair[];
}

export interface WelchTTest {
  difference: number;
  ciLow: number;
  ciHigh: number;
  t: number;
  df: number;
  p: number;
}

const UPPER_TAIL = 1 - (1 - CONFIDENCE_LEVEL) / 2;

/**
 * Welch's two-sample t test of mean(a) − mean(b) without assuming equal variances (Welch 1947):
 * se = √(s²a/na + s²b/nb), df by Welch–Satterthwaite = se⁴ / ((s²a/na)²/(na − 1) + (s²b/nb)²/(nb − 1)),
 * t = difference / se, two-sided p from Student's t with df, CI = difference ± t(0.975, df)·se.
 * As SciPy's `ttest_ind(equal_var=False)`. Null below 2 values in a group or when both groups are
 * constant (se = 0).
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchTTest | null {
  if (a.length < 2 || b.length < 2) return null;
  const shareA = sampleVariance(a) / a.length;
  const shareB = sampleVariance(b) / b.length;
  const squaredError = shareA + shareB;
  if (squaredError === 0) return null;
  const se = Math.sqrt(squaredError);
  const df = squaredError ** 2 / (shareA ** 2 / (a.length - 1) + shareB ** 2 / (b.length - 1));
  const difference = mean(a) - mean(b);
  const t = difference / se;
  const halfWidth = studentTQuantile(UPPER_TAIL, df) * se;
  return {
    difference,
    ciLow: difference - halfWidth,
    ciHigh: difference + halfWidth,
    t,
    df,
    p: twoSidedTP(t, df),
  };
}

/**
 * Holm's step-down adjustment (Holm 1979): with the m available p-values sorted ascending,
 * p̃₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1)·p₍ⱼ₎). Nulls stay null and do not count in m.
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const present = pValues
    .map((p, index) => ({ p, index }))
    .filter((entry): entry is { p: number; index: number } => entry.p !== null)
    .sort((x, y) => x.p - y.p);
  const adjusted: (number | null)[] = pValues.map(() => null);
  let runningMax = 0;
  present.forEach((entry, rank) => {
    runningMax = Math.max(runningMax, Math.min(1, (present.length - rank) * entry.p));
    adjusted[entry.index] = runningMax;
  });
  return adjusted;
}

function withHolm(pairs: Omit<WorkModelPair, "pHolm">[]): WorkModelPair[] {
  const adjusted = holmAdjust(pairs.map((pair) => pair.p));
  return pairs.map((pair, index) => ({ ...pair, pHolm: adjusted[index] ?? null }));
}

const emptyPair = { difference: null, ciLow: null, ciHigh: null, p: null };

/**
 * Hires' 6-month outcome by hire work model: each group's mean and sample SD, and Welch's t test
 * for remote − onsite, hybrid − onsite and remote − hybrid, Holm-adjusted over the three. Groups
 * under `minGroupSize` (never below 2) are null with `too_few`, and so is every pair they are in.
 * An observational comparison: who works where is not randomised.
 */
export function compareWorkModelOutcomes(
  outcomes: Readonly<Record<WorkModel, readonly number[]>>,
  options: { minGroupSize?: number } = {},
): WorkModelComparison {
  const minGroupSize = Math.max(options.minGroupSize ?? DEFAULT_WORK_MODEL_MIN_GROUP_SIZE, 2);
  const isLargeEnough = (model: WorkModel) => outcomes[model].length >= minGroupSize;
  const groups = WORK_MODELS.map((workModel): WorkModelGroup => {
    const values = outcomes[workModel];
    if (!isLargeEnough(workModel)) {
      return { workModel, n: values.length, mean: null, sd: null, rate: null, reason: "too_few" };
    }
    return {
      workModel,
      n: values.length,
      mean: mean(values),
      sd: sampleStandardDeviation(values),
      rate: null,
      reason: null,
    };
  });
  const pairs = WORK_MODEL_PAIRS.map(([a, b]) => {
    if (!isLargeEnough(a) || !isLargeEnough(b)) return { a, b, ...emptyPair, reason: "too_few" as const };
    const test = welchTTest(outcomes[a], outcomes[b]);
    if (test === null) return { a, b, ...emptyPair, reason: "zero_variance" as const };
    const { difference, ciLow, ciHigh, p } = test;
    return { a, b, difference, ciLow, ciHigh, p, reason: null };
  });
  return { groups, pairs: withHolm(pairs) };
}

/** Hires of one work model whose 12-month retention is known, and how many of them stayed. */
export interface RetentionCount {
  n: number;
  retained: number;
}

/**
 * Hires' 12-month retention by hire work model: each group's rate, and for each pair the
 * difference of rates with the two-sided Fisher exact p of (retained, left) × (a, b),
 * Holm-adjusted over the three; no interval. Groups under `minGroupSize` are null with `too_few`.
 */
export function compareWorkModelRetention(
  retention: Readonly<Record<WorkModel, RetentionCount>>,
  options: { minGroupSize?: number } = {},
): WorkModelComparison {
  const minGroupSize = Math.max(options.minGroupSize ?? DEFAULT_WORK_MODEL_MIN_GROUP_SIZE, 1);
  const isLargeEnough = (model: WorkModel) => retention[model].n >= minGroupSize;
  const rateOf = (model: WorkModel) => retention[model].retained / retention[model].n;
  const groups = WORK_MODELS.map((workModel): WorkModelGroup => {
    const { n } = retention[workModel];
    if (!isLargeEnough(workModel)) {
      return { workModel, n, mean: null, sd: null, rate: null, reason: "too_few" };
    }
    return { workModel, n, mean: null, sd: null, rate: rateOf(workModel), reason: null };
  });
  const pairs = WORK_MODEL_PAIRS.map(([a, b]) => {
    if (!isLargeEnough(a) || !isLargeEnough(b)) return { a, b, ...emptyPair, reason: "too_few" as const };
    const p = fisherExactTwoSided({
      a: retention[a].retained,
      b: retention[b].retained,
      c: retention[a].n - retention[a].retained,
      d: retention[b].n - retention[b].retained,
    });
    return { a, b, difference: rateOf(a) - rateOf(b), ciLow: null, ciHigh: null, p, reason: null };
  });
  return { groups, pairs: withHolm(pairs) };
}
