import { z } from "zod";

/**
 * The reporting window and report year of a DORA query (DORA.md §1 and D6).
 *
 * `from` and `to` are UTC days, both inclusive. DevLake's Grafana range is `from 00:00:00` to
 * `to 23:59:59` compared with MySQL BETWEEN, so an instant is inside when
 * `from 00:00:00.000 <= t <= to 23:59:59.000`: a timestamp in the last second's fraction
 * (23:59:59.5 of the last day) is outside, as it is in DevLake.
 */

export type ReportYear = 2021 | 2023;

export interface DoraWindow {
  /** First day, YYYY-MM-DD (UTC). */
  from: string;
  /** Last day, YYYY-MM-DD (UTC), inclusive. */
  to: string;
}

export interface DoraQuery extends DoraWindow {
  report: ReportYear;
}

/** The longest window: DevLake's deployment-frequency calendar covers at most 400 days. */
export const maxWindowDays = 400;

export const msPerDay = 86_400_000;

const isoDay = z.iso.date({ error: "must be a date written YYYY-MM-DD" });

/**
 * The query of `GET /api/v1/outcomes/dora` without its service/team selector. Query strings
 * carry text, so the report year is accepted as "2021"/"2023" or as a number; it defaults to
 * 2023, the newer report.
 */
export const doraQuerySchema = z
  .object({
    from: isoDay,
    to: isoDay,
    report: z
      .union([z.literal("2021"), z.literal("2023"), z.literal(2021), z.literal(2023)], {
        error: "must be 2021 or 2023",
      })
      .default("2023")
      .transform((year): ReportYear => (Number(year) === 2021 ? 2021 : 2023)),
  })
  .superRefine((query, context) => {
    const days = windowDayCount(query);
    if (days < 1) {
      context.addIssue({ code: "custom", path: ["to"], message: `must not be before from (${query.from})` });
    } else if (days > maxWindowDays) {
      context.addIssue({
        code: "custom",
        path: ["to"],
        message: `makes a window of ${days} days; at most ${maxWindowDays} days can be reported at once`,
      });
    }
  });

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
export function dayNumberOfDate(isoDate: string): number {
  return Math.floor(Date.parse(`${isoDate}T00:00:00Z`) / msPerDay);
}

/** The UTC day (days since 1970-01-01) an instant falls on: MySQL DATE() in a UTC session. */
export function dayNumberOf(ms: number): number {
  return Math.floor(ms / msPerDay);
}

export function windowDayCount(window: DoraWindow): number {
  return dayNumberOfDate(window.to) - dayNumberOfDate(window.from) + 1;
}

export interface WindowBounds {
  startMs: number;
  /** `to 23:59:59.000`, the last instant inside. */
  endMs: number;
}

export function windowBounds(window: DoraWindow): WindowBounds {
  return {
    startMs: dayNumberOfDate(window.from) * msPerDay,
    endMs: (dayNumberOfDate(window.to) + 1) * msPerDay - 1000,
  };
}

export function isInWindow(bounds: WindowBounds, ms: number): boolean {
  return bounds.startMs <= ms && ms <= bounds.endMs;
}
