/**
 * Availability and SLO arithmetic, as the Google SRE workbook defines it:
 *
 * - SLI = good events ÷ valid events ("Implementing SLOs", The Site Reliability Workbook ch. 2:
 *   "the proportion of valid events that were good"). A check is valid unless it falls in a
 *   maintenance window of its service; it is good when the probe got the expected status in time.
 * - Error budget = 1 − SLO target: the fraction of valid events allowed to be bad (ch. 2).
 * - Error budget remaining = 1 − bad ÷ (valid × (1 − target)); below 0 when overspent.
 * - Burn rate = (bad ÷ valid) ÷ (1 − target): how fast the budget is being spent relative to the
 *   SLO; 1 spends exactly the budget over the SLO period ("Alerting on SLOs", ch. 5).
 *
 * Targets are held in parts per million (99.9 % = 999000) so that the budget is an exact
 * integer (1000 ppm) rather than 1 − 0.999 in floating point.
 */

export interface UptimeCheckSample {
  checkedAtMs: number;
  ok: boolean;
}

export interface TimeRange {
  startMs: number;
  /** Exclusive. */
  endMs: number;
}

export const PPM = 1_000_000;

/** 99.9 (percent) → 999000 ppm; targets have at most 4 decimals of a percent. */
export function targetPpmOfPercent(percent: number): number {
  return Math.round(percent * 10_000);
}

export interface SloSummary {
  validChecks: number;
  goodChecks: number;
  /** Checks inside a maintenance window: neither good nor bad, not counted. */
  excludedChecks: number;
  /** good ÷ valid; null without valid checks. */
  availability: number | null;
  targetPercent: number;
  /** How many bad checks the budget allows over these valid checks (valid × (1 − target)). */
  allowedBadChecks: number;
  /** 1 − bad ÷ allowed; null without valid checks. */
  errorBudgetRemaining: number | null;
  /** (bad ÷ valid) ÷ (1 − target); null without valid checks. */
  burnRate: number | null;
}

export function isInMaintenance(ms: number, windows: readonly TimeRange[]): boolean {
  return windows.some((window) => ms >= window.startMs && ms < window.endMs);
}

/**
 * The share of the error budget spent: bad ÷ (valid × budget), computed as
 * bad × PPM ÷ (valid × budgetPpm) so it stays in integers until the one division. Null without
 * valid checks; a 100 % target has no budget, so any bad check spends infinitely much.
 */
function budgetSpent(valid: number, good: number, targetPpm: number): number | null {
  if (valid === 0) return null;
  const bad = valid - good;
  const budgetPpm = PPM - targetPpm;
  if (budgetPpm === 0) return bad === 0 ? 0 : Number.POSITIVE_INFINITY;
  return (bad * PPM) / (valid * budgetPpm);
}

function budgetRemaining(valid: number, good: number, targetPpm: number): number | null {
  const spent = budgetSpent(valid, good, targetPpm);
  return spent === null ? null : 1 - spent;
}

export function summariseSlo(
  checks: readonly UptimeCheckSample[],
  maintenance: readonly TimeRange[],
  targetPpm: number,
): SloSummary {
  let valid = 0;
  let good = 0;
  let excluded = 0;
  for (const check of checks) {
    if (isInMaintenance(check.checkedAtMs, maintenance)) {
      excluded += 1;
      continue;
    }
    valid += 1;
    if (check.ok) good += 1;
  }
  const spent = budgetSpent(valid, good, targetPpm);
  return {
    validChecks: valid,
    goodChecks: good,
    excludedChecks: excluded,
    availability: valid === 0 ? null : good / valid,
    targetPercent: targetPpm / 10_000,
    allowedBadChecks: (valid * (PPM - targetPpm)) / PPM,
    errorBudgetRemaining: spent === null ? null : 1 - spent,
    burnRate: spent,
  };
}

export interface BurnDownPoint {
  /** The UTC day, YYYY-MM-DD. */
  day: string;
  validChecks: number;
  goodChecks: number;
  /** That day's good ÷ valid. */
  availability: number | null;
  /** That day's burn rate. */
  burnRate: number | null;
  /** The budget left after this day, over the window's checks so far (cumulative). */
  errorBudgetRemaining: number | null;
}

const msPerDay = 86_400_000;

/**
 * Day by day over [startMs, endMs): each day's availability and burn rate, and the error budget
 * remaining counted over every check from the window's start to the end of that day.
 */
export function burnDownSeries(
  checks: readonly UptimeCheckSample[],
  maintenance: readonly TimeRange[],
  targetPpm: number,
  range: TimeRange,
): BurnDownPoint[] {
  const firstDay = Math.floor(range.startMs / msPerDay);
  const lastDay = Math.floor((range.endMs - 1) / msPerDay);
  const byDay = new Map<number, UptimeCheckSample[]>();
  for (const check of checks) {
    if (check.checkedAtMs < range.startMs || check.checkedAtMs >= range.endMs) continue;
    const day = Math.floor(check.checkedAtMs / msPerDay);
    byDay.set(day, [...(byDay.get(day) ?? []), check]);
  }
  const points: BurnDownPoint[] = [];
  let validSoFar = 0;
  let goodSoFar = 0;
  for (let day = firstDay; day <= lastDay; day += 1) {
    const today = summariseSlo(byDay.get(day) ?? [], maintenance, targetPpm);
    validSoFar += today.validChecks;
    goodSoFar += today.goodChecks;
    points.push({
      day: new Date(day * msPerDay).toISOString().slice(0, 10),
      validChecks: today.validChecks,
      goodChecks: today.goodChecks,
      availability: today.availability,
      burnRate: today.burnRate,
      errorBudgetRemaining: budgetRemaining(validSoFar, goodSoFar, targetPpm),
    });
  }
  return points;
}
