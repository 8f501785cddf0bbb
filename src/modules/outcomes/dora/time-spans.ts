/**
 * Minute spans between two instants, the two ways DevLake measures them. Both first drop the
 * sub-second part of each instant (DORA.md D6: timestamps are kept to the millisecond, spans
 * are measured on whole seconds, as DevLake's second-precision columns do).
 */

const wholeSeconds = (ms: number) => Math.floor(ms / 1000);

/**
 * DevLake's computeTimeSpan (change_lead_time_calculator.go): the span in minutes rounded up,
 * null when either end is missing or when the rounded value is negative. So a span between
 * −60 s and 0 is 0 (ceil(−0.5) = 0), and −60 s or less is null.
 */
export function ceiledSpanMinutes(startMs: number | null, endMs: number | null): number | null {
  if (startMs === null || endMs === null) return null;
  const minutes = Math.ceil((wholeSeconds(endMs) - wholeSeconds(startMs)) / 60);
  // `+ 0` turns the −0 of ceil(−0.5) into 0.
  return minutes < 0 ? null : minutes + 0;
}

/**
 * Whole minutes from start to end, truncated toward zero: MySQL TIMESTAMPDIFF(MINUTE, …) and
 * DevLake's incident lead_time_minutes (Go `uint(d.Minutes())`, Jira `(resolved − created)/60`).
 */
export function truncatedMinutesBetween(startMs: number, endMs: number): number {
  return Math.trunc((wholeSeconds(endMs) - wholeSeconds(startMs)) / 60) + 0;
}
