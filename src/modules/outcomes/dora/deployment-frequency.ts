import { type Band, deploymentFrequencyBand } from "./bands.ts";
import { devlakeLowerMedian, devlakeUpperRankedRows } from "./median.ts";
import {
  type DoraWindow,
  dayNumberOf,
  dayNumberOfDate,
  isInWindow,
  maxWindowDays,
  msPerDay,
  type ReportYear,
  windowBounds,
} from "./window.ts";

/**
 * Deployment frequency exactly as DevLake's DORA dashboard computes it (DORA.json panels 11 and
 * 8; DORA.md §3): counted in deployment *days*, not deployments, over a calendar of the
 * window's days, with Monday weeks and calendar months, partial first and last ones included.
 */
export interface DeploymentFrequency {
  /** Successful production deployments finished in the window. */
  deployments: number;
  /** Calendar days of the window with at least one of them (UTC days). */
  deploymentDays: number;
  medianDeploymentDaysPerWeek: number;
  medianDeploymentDaysPerMonth: number;
  /** The 2021 report's six-month figure; null when no six-month row qualifies (see median.ts). */
  medianDeploymentDaysPerSixMonths: number | null;
  /** DevLake's is_collected (null when no six-month row qualifies); "low" needs it. */
  isCollected: number | null;
  band: Band | null;
}

/** Days of the window, oldest first: DevLake's calendar, `to − n days` for n < 400 down to `from`. */
export function calendarDays(window: DoraWindow): number[] {
  const first = dayNumberOfDate(window.from);
  const last = dayNumberOfDate(window.to);
  const days: number[] = [];
  for (let n = Math.min(maxWindowDays - 1, last - first); n >= 0; n--) days.push(last - n);
  return days;
}

/** The Monday starting the week of a day: MySQL `day − WEEKDAY(day)` (1970-01-01 was a Thursday). */
export function mondayOf(day: number): number {
  return day - ((day + 3) % 7);
}

/** Months counted from year 0 (year × 12 + month index), so consecutive months differ by 1. */
function monthOf(day: number): number {
  const date = new Date(day * msPerDay);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

/**
 * @param finishedAtMs finish instants of the successful production deployments of the service(s),
 *   over all time (the calendar picks the window's days).
 */
export function computeDeploymentFrequency(
  finishedAtMs: readonly number[],
  window: DoraWindow,
  report: ReportYear,
): DeploymentFrequency {
  const bounds = windowBounds(window);
  const deploymentDaySet = new Set(finishedAtMs.map(dayNumberOf));
  const days = calendarDays(window);

  const daysPerWeek = new Map<number, number>();
  const daysPerMonth = new Map<number, number>();
  let deploymentDays = 0;
  for (const day of days) {
    const deployed = deploymentDaySet.has(day) ? 1 : 0;
    deploymentDays += deployed;
    daysPerWeek.set(mondayOf(day), (daysPerWeek.get(mondayOf(day)) ?? 0) + deployed);
    daysPerMonth.set(monthOf(day), (daysPerMonth.get(monthOf(day)) ?? 0) + deployed);
  }
  const months = [...daysPerMonth.entries()].sort(([a], [b]) => a - b);
  const sixMonths = sixMonthRows(months);
  const qualifying = devlakeUpperRankedRows(sixMonths.map((row) => row.deploymentDays));
  const medianDeploymentDaysPerSixMonths =
    qualifying.length === 0 ? null : Math.min(...qualifying.map((i) => sixMonths[i]?.deploymentDays ?? 0));
  const isCollected =
    qualifying.length === 0
      ? null
      : Math.min(...qualifying.map((i) => sixMonths[i]?.monthsWithDeployments ?? 0));

  // Calendars are never empty (a window has at least one day), so neither median is null.
  const medianDeploymentDaysPerWeek = devlakeLowerMedian([...daysPerWeek.values()]) ?? 0;
  const medianDeploymentDaysPerMonth = devlakeLowerMedian(months.map(([, count]) => count)) ?? 0;
  return {
    deployments: finishedAtMs.filter((ms) => isInWindow(bounds, ms)).length,
    deploymentDays,
    medianDeploymentDaysPerWeek,
    medianDeploymentDaysPerMonth,
    medianDeploymentDaysPerSixMonths,
    isCollected,
    band: deploymentFrequencyBand(
      {
        perWeek: medianDeploymentDaysPerWeek,
        perMonth: medianDeploymentDaysPerMonth,
        perSixMonths: medianDeploymentDaysPerSixMonths,
        isCollected,
      },
      report,
    ),
  };
}

interface SixMonthRow {
  deploymentDays: number;
  monthsWithDeployments: number;
}

/**
 * DevLake's _days_six_months_deploy and its filter: for each month (ascending), the deployment
 * days of it and the 5 month rows before it, and how many of those months had any; then only
 * the rows with ROW_NUMBER() OVER (PARTITION BY DATE_FORMAT(month,'%Y-%m') DIV 6 ORDER BY month
 * DESC) % 6 = 1. MySQL reads 'YYYY-MM' as the number YYYY, so the partition is year DIV 6
 * (…, 2016–2021, 2022–2027, …) and the every-6th-month count restarts at such a boundary
 * (DORA.md D5: reproduced literally).
 */
function sixMonthRows(
  months: ReadonlyArray<readonly [month: number, deploymentDays: number]>,
): SixMonthRow[] {
  const rows = months.map(([month], index) => {
    const frame = months.slice(Math.max(0, index - 5), index + 1);
    return {
      partition: Math.floor(Math.floor(month / 12) / 6),
      month,
      deploymentDays: frame.reduce((sum, [, count]) => sum + count, 0),
      monthsWithDeployments: frame.filter(([, count]) => count > 0).length,
    };
  });
  const rowNumbers = new Map<number, number>();
  const kept: SixMonthRow[] = [];
  for (const row of [...rows].reverse()) {
    const rowNumber = (rowNumbers.get(row.partition) ?? 0) + 1;
    rowNumbers.set(row.partition, rowNumber);
    if (rowNumber % 6 === 1) kept.push(row);
  }
  return kept;
}
