/**
 * Why a statistic is null instead of a number. Every analytics answer carries one of these next to
 * each value it could not compute, so a missing number is never mistaken for a zero.
 * - `too_few`: fewer cases than the statistic's minimum.
 * - `zero_variance`: the data do not vary, so the statistic is undefined (e.g. r with constant x).
 * - `no_selections`: nobody was selected in the reference group, so a ratio to its rate is undefined.
 */
export type StatisticReason = "too_few" | "zero_variance" | "no_selections";

/** Default minimums; the routes take them as query parameters with these defaults. */
export const DEFAULT_VALIDITY_MIN_N = 10;
export const DEFAULT_ADVERSE_IMPACT_MIN_GROUP_SIZE = 10;
export const DEFAULT_CALIBRATION_MIN_N = 10;
export const DEFAULT_RELIABILITY_MIN_APPLICATIONS = 5;
export const DEFAULT_WORK_MODEL_MIN_GROUP_SIZE = 5;

/** The 97.5th percentile of the standard normal distribution: the two-sided 95 % critical value. */
export const Z_975 = 1.959963984540054;

/** Two-sided 95 % intervals everywhere. */
export const CONFIDENCE_LEVEL = 0.95;
