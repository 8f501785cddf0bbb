import type { ReportYear } from "./window.ts";

/**
 * The DORA performance bands as DevLake's "Overall DORA Metrics" panel assigns them
 * (grafana/dashboards/DORA.json panel 8; DORA.md §7), for the 2021 and the 2023 State of
 * DevOps reports. Null means "not enough data for a band", never "low".
 */
export type Band = "elite" | "high" | "medium" | "low";

const minutesPerDay = 24 * 60;

export interface DeploymentFrequencyMedians {
  perWeek: number | null;
  perMonth: number | null;
  perSixMonths: number | null;
  /** DevLake's is_collected: the fewest months with deployments over the six-month rows kept. */
  isCollected: number | null;
}

/** First matching line wins; a comparison with a null median is false, as in SQL. */
export function deploymentFrequencyBand(
  medians: DeploymentFrequencyMedians,
  report: ReportYear,
): Band | null {
  const atLeast = (value: number | null, threshold: number) => value !== null && value >= threshold;
  const below = (value: number | null, threshold: number) => value !== null && value < threshold;
  if (atLeast(medians.perWeek, 5)) return "elite";
  if (report === 2023) {
    if (atLeast(medians.perWeek, 1)) return "high";
    if (atLeast(medians.perMonth, 1)) return "medium";
    if (below(medians.perMonth, 1) && medians.isCollected !== null) return "low";
    return null;
  }
  if (atLeast(medians.perMonth, 1)) return "high";
  if (atLeast(medians.perSixMonths, 1)) return "medium";
  if (below(medians.perSixMonths, 1) && medians.isCollected !== null) return "low";
  return null;
}

/** Median change lead time in minutes: 2023 < 1 day, < 1 week, < 30 days; 2021 < 1 h, < 1 week, < 180 days. */
export function leadTimeBand(medianMinutes: number | null, report: ReportYear): Band | null {
  if (medianMinutes === null) return null;
  const [elite, high, medium] =
    report === 2023
      ? [minutesPerDay, 7 * minutesPerDay, 30 * minutesPerDay]
      : [60, 7 * minutesPerDay, 180 * minutesPerDay];
  if (medianMinutes < elite) return "elite";
  if (medianMinutes < high) return "high";
  if (medianMinutes < medium) return "medium";
  return "low";
}

/**
 * Change failure rate, judged on the ratio rounded half-up to 4 decimals (MySQL DECIMAL division
 * with div_precision_increment 4; DORA.md D7), in whole basis points so no float decides a
 * boundary. Both ends are "≤": 2023 ≤ 5 %, ≤ 10 %, ≤ 15 %; 2021 ≤ 15 %, ≤ 20 %, ≤ 30 %.
 * Null when there is no deployment, or when the services have no incident event at all (D4).
 */
export function changeFailureRateBand(
  failedDeployments: number,
  deployments: number,
  hasIncidentEvents: boolean,
  report: ReportYear,
): Band | null {
  if (deployments === 0 || !hasIncidentEvents) return null;
  const basisPoints = roundedRatioBasisPoints(failedDeployments, deployments);
  const [elite, high, medium] = report === 2023 ? [500, 1000, 1500] : [1500, 2000, 3000];
  if (basisPoints <= elite) return "elite";
  if (basisPoints <= high) return "high";
  if (basisPoints <= medium) return "medium";
  return "low";
}

/** round_half_up(numerator / denominator, 4 decimals) × 10 000, computed in integers. */
export function roundedRatioBasisPoints(numerator: number, denominator: number): number {
  return Math.floor((20_000 * numerator + denominator) / (2 * denominator));
}

/** Recovery (2023 failed deployment recovery time, 2021 time to restore), same bands in both years. */
export function recoveryTimeBand(medianMinutes: number | null): Band | null {
  if (medianMinutes === null) return null;
  if (medianMinutes < 60) return "elite";
  if (medianMinutes < minutesPerDay) return "high";
  if (medianMinutes < 7 * minutesPerDay) return "medium";
  return "low";
}
