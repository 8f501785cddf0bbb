import { isConstant, mean, sampleStandardDeviation } from "./descriptive.ts";
import { fisherFQuantile, studentTQuantile } from "./distributions.ts";
import {
  CONFIDENCE_LEVEL,
  DEFAULT_CALIBRATION_MIN_N,
  DEFAULT_RELIABILITY_MIN_APPLICATIONS,
  type StatisticReason,
} from "./reasons.ts";

/**
 * One interviewer's overall rating of one application at one stage. The caller passes one stage's
 * ratings, one per interviewer per application.
 */
export interface StageRating {
  application: string;
  interviewer: string;
  rating: number;
}

export interface InterviewerLeniency {
  interviewer: string;
  /** Ratings on application-stages that at least one other interviewer also rated. */
  n: number;
  leniency: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  reason: StatisticReason | null;
}

const UPPER_TAIL = 1 - (1 - CONFIDENCE_LEVEL) / 2;

function groupByApplication(ratings: readonly StageRating[]): Map<string, StageRating[]> {
  const byApplication = new Map<string, StageRating[]>();
  for (const rating of ratings) {
    const group = byApplication.get(rating.application);
    if (group === undefined) byApplication.set(rating.application, [rating]);
    else group.push(rating);
  }
  return byApplication;
}

function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Each interviewer's leniency: the mean, over their ratings on applications that ≥ 2 interviewers
 * rated, of (their rating − the mean of the other raters' ratings there), with a t-based 95 % CI
 * (mean ± t(0.975, n − 1)·s/√n). It is relative to the co-raters, not to a true score. Below
 * `minN` differences (never below 2) the values are null with `too_few`; when every difference is
 * the same the mean stands but the interval is null with `zero_variance`.
 */
export function computeLeniency(
  ratings: readonly StageRating[],
  options: { minN?: number } = {},
): InterviewerLeniency[] {
  const minN = Math.max(options.minN ?? DEFAULT_CALIBRATION_MIN_N, 2);
  const differencesByInterviewer = new Map<string, number[]>();
  for (const rating of ratings) differencesByInterviewer.set(rating.interviewer, []);

  for (const group of groupByApplication(ratings).values()) {
    if (group.length < 2) continue;
    const total = group.reduce((running, rating) => running + rating.rating, 0);
    for (const rating of group) {
      const othersMean = (total - rating.rating) / (group.length - 1);
      differencesByInterviewer.get(rating.interviewer)?.push(rating.rating - othersMean);
    }
  }

  return [...differencesByInterviewer.entries()]
    .sort(([x], [y]) => compareText(x, y))
    .map(([interviewer, differences]) =>
      leniencyFromSummary(
        {
          interviewer,
          n: differences.length,
          mean: differences.length === 0 ? null : mean(differences),
          sd: differences.length < 2 ? null : sampleStandardDeviation(differences),
          constant: isConstant(differences),
        },
        { minN },
      ),
    );
}

/** An interviewer's differences from co-raters, summarised (by the database, for large data). */
export interface LeniencySummary {
  interviewer: string;
  n: number;
  mean: number | null;
  /** Sample SD of the differences; null below 2. */
  sd: number | null;
  /** Every difference is the same. */
  constant: boolean;
}

/**
 * Leniency and its t-based 95 % CI from the summary of an interviewer's differences, exactly as
 * computeLeniency defines them (it calls this): null under `minN` (never below 2) with
 * `too_few`; an interval-less mean with `zero_variance` when every difference is the same.
 */
export function leniencyFromSummary(
  summary: LeniencySummary,
  options: { minN?: number } = {},
): InterviewerLeniency {
  const minN = Math.max(options.minN ?? DEFAULT_CALIBRATION_MIN_N, 2);
  const { interviewer, n } = summary;
  if (n < minN || summary.mean === null || summary.sd === null) {
    return { interviewer, n, leniency: null, ciLow: null, ciHigh: null, reason: "too_few" };
  }
  const leniency = summary.mean;
  if (summary.constant) {
    return { interviewer, n, leniency, ciLow: null, ciHigh: null, reason: "zero_variance" };
  }
  const halfWidth = (studentTQuantile(UPPER_TAIL, n - 1) * summary.sd) / Math.sqrt(n);
  return {
    interviewer,
    n,
    leniency,
    ciLow: leniency - halfWidth,
    ciHigh: leniency + halfWidth,
    reason: null,
  };
}

export interface IntervalEstimate {
  value: number;
  ciLow: number;
  ciHigh: number;
}

export interface Reliability {
  /** a: application-stages with ≥ 2 ratings. */
  applications: number;
  /** N: the ratings on them. */
  ratings: number;
  /** The effective number of raters per application, k0 = (N − Σnᵢ²/N) / (a − 1). */
  k0: number | null;
  /** ICC(1,1): the reliability of a single rating. */
  icc1: IntervalEstimate | null;
  /** ICC(1,k0): the reliability of an application's mean score at k0 raters. */
  iccMean: IntervalEstimate | null;
  reason: StatisticReason | null;
}

/** The one-way ANOVA of ratings by application that both ICCs are computed from. */
export interface OneWayAnova {
  applications: number;
  ratings: number;
  k0: number;
  msBetween: number;
  msWithin: number;
}

/**
 * One-way ANOVA with unequal group sizes: MSB = Σnᵢ(ȳᵢ − ȳ)² / (a − 1), MSW = ΣΣ(yᵢⱼ − ȳᵢ)² / (N − a),
 * and k0 = (N − Σnᵢ²/N) / (a − 1), the group size to use in place of k (Snedecor & Cochran).
 */
export function oneWayAnova(groups: readonly (readonly number[])[]): OneWayAnova {
  const all = groups.flat();
  const applications = groups.length;
  const ratings = all.length;
  const grandMean = mean(all);
  let sumSquaresBetween = 0;
  let sumSquaresWithin = 0;
  let sumOfSquaredSizes = 0;
  for (const group of groups) {
    const groupMean = mean(group);
    sumSquaresBetween += group.length * (groupMean - grandMean) ** 2;
    for (const value of group) sumSquaresWithin += (value - groupMean) ** 2;
    sumOfSquaredSizes += group.length ** 2;
  }
  return {
    applications,
    ratings,
    k0: (ratings - sumOfSquaredSizes / ratings) / (applications - 1),
    msBetween: sumSquaresBetween / (applications - 1),
    msWithin: sumSquaresWithin / (ratings - applications),
  };
}

/**
 * Inter-rater reliability of one stage by the one-way random-effects model, over every application
 * with ≥ 2 ratings (different applications may have different raters and different numbers of
 * them). ICC(1,1) = (MSB − MSW) / (MSB + (k0 − 1)·MSW) and ICC(1,k0) = (MSB − MSW) / MSB, with 95 %
 * intervals from F = MSB/MSW on (a − 1, N − a) df as Shrout & Fleiss (1979, Case 1) and McGraw &
 * Wong (1996, ICC(1) and ICC(k)) give them for k raters:
 *   F_L = F / F₀.₉₇₅(a − 1, N − a),  F_U = F · F₀.₉₇₅(N − a, a − 1),
 *   ICC(1,1) ∈ [(F_L − 1)/(F_L + k0 − 1), (F_U − 1)/(F_U + k0 − 1)],  ICC(1,k0) ∈ [1 − 1/F_L, 1 − 1/F_U],
 * with k0 in place of k — the usual approximation for unequal group sizes, exact when every
 * application has the same number of raters. Needs `minApplications` (default 5, never below 2);
 * when every application's raters agree exactly (MSW = 0) or every application has the same mean
 * (MSB = 0), F is 0 or ∞ and the answer is null with `zero_variance`.
 */
export function computeReliability(
  ratings: readonly StageRating[],
  options: { minApplications?: number } = {},
): Reliability {
  const minApplications = Math.max(options.minApplications ?? DEFAULT_RELIABILITY_MIN_APPLICATIONS, 2);
  const groups = [...groupByApplication(ratings).values()]
    .filter((group) => group.length >= 2)
    .map((group) => group.map((rating) => rating.rating));
  const applications = groups.length;
  const ratingCount = groups.reduce((running, group) => running + group.length, 0);
  const none = { icc1: null, iccMean: null };
  if (applications < minApplications) {
    return { applications, ratings: ratingCount, k0: null, ...none, reason: "too_few" };
  }

  return reliabilityFromAnova(oneWayAnova(groups), {
    // MSW = 0 (every application's raters agree exactly) or MSB = 0 (every application has the
    // same mean) leaves F = MSB/MSW at ∞ or 0, where neither the ICCs nor their intervals mean anything.
    zeroVariance:
      groups.every((group) => isConstant(group)) || isConstant(groups.map((group) => mean(group))),
  });
}

/**
 * The ICCs and their intervals from the one-way ANOVA of applications with ≥ 2 ratings, as
 * computeReliability defines them (it calls this, after its minimum); the database computes the
 * ANOVA's sums for large data. `zeroVariance`: every application's raters agree exactly, or every
 * application has the same mean.
 */
export function reliabilityFromAnova(anova: OneWayAnova, flags: { zeroVariance: boolean }): Reliability {
  const { applications, ratings: ratingCount, msBetween, msWithin, k0 } = anova;
  const base = { applications, ratings: ratingCount, k0 };
  if (flags.zeroVariance) return { ...base, icc1: null, iccMean: null, reason: "zero_variance" };

  const dfBetween = applications - 1;
  const dfWithin = ratingCount - applications;
  const f = msBetween / msWithin;
  const fLow = f / fisherFQuantile(UPPER_TAIL, dfBetween, dfWithin);
  const fHigh = f * fisherFQuantile(UPPER_TAIL, dfWithin, dfBetween);
  return {
    ...base,
    icc1: {
      value: (msBetween - msWithin) / (msBetween + (k0 - 1) * msWithin),
      ciLow: (fLow - 1) / (fLow + k0 - 1),
      ciHigh: (fHigh - 1) / (fHigh + k0 - 1),
    },
    iccMean: {
      value: (msBetween - msWithin) / msBetween,
      ciLow: 1 - 1 / fLow,
      ciHigh: 1 - 1 / fHigh,
    },
    reason: null,
  };
}
