export interface LatencySummary {
  count: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

export interface LatencyRecorder {
  /** Records one request that was due at intendedMs and completed at completedMs. */
  record(intendedMs: number, completedMs: number): void;
  /** Count and percentiles in milliseconds, rounded to 0.1 ms (all 0 when nothing was recorded). */
  summary(): LatencySummary;
}

/** A recorder of request latencies in milliseconds (fractions kept to the microsecond). */
export function createLatencyRecorder(): LatencyRecorder;
