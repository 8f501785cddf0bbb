// Latency recording for the scale driver (bundled into it; runs INSIDE the sandbox).
// Values go into an HDR histogram (hdr-histogram-js, 3 significant digits, microseconds up to
// 10 minutes), so percentiles cost O(1) memory per request and stay exact to 0.1 %.
// Coordinated omission: a load generator that waits for a slow response before sending the
// next request stops sending exactly when the server stalls, so the stall hides in a few samples.
// The caller therefore records each request from its INTENDED send time (its slot in the
// constant-arrival-rate schedule), not from when it actually went out: requests that queued
// behind a stall count the time they waited.
import { constructorFromBucketSize } from "hdr-histogram-js/dist/JsHistogramFactory.js";

const Histogram = constructorFromBucketSize(32);
const highestMicros = 10 * 60 * 1_000_000;

/** A recorder of request latencies in milliseconds (fractions kept to the microsecond). */
export function createLatencyRecorder() {
  const histogram = new Histogram(1, highestMicros, 3);
  return {
    /** Records one request that was due at intendedMs and completed at completedMs. */
    record(intendedMs, completedMs) {
      const micros = Math.round((completedMs - intendedMs) * 1000);
      histogram.recordValue(Math.min(highestMicros, Math.max(1, micros)));
    },
    /** Count and percentiles in milliseconds, rounded to 0.1 ms (all 0 when nothing was recorded). */
    summary() {
      const ms = (micros) => Math.round(micros / 100) / 10;
      if (histogram.totalCount === 0) return { count: 0, p50Ms: 0, p95Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 };
      return {
        count: histogram.totalCount,
        p50Ms: ms(histogram.getValueAtPercentile(50)),
        p95Ms: ms(histogram.getValueAtPercentile(95)),
        p99Ms: ms(histogram.getValueAtPercentile(99)),
        maxMs: ms(histogram.maxValue),
        meanMs: ms(histogram.mean),
      };
    },
  };
}
