/**
 * Runs one autocannon load on a worker thread. The server under test lives on the main thread,
 * so the load generator must not share its event loop: on the same thread every request the
 * client makes would be time taken from the server, and the cheaper the server the more the
 * measurement would say about autocannon instead.
 */
import { createHistogram } from "node:perf_hooks";
import { parentPort, workerData } from "node:worker_threads";
import autocannon from "autocannon";

export interface LoadSettings {
  url: string;
  headers: Record<string, string>;
  connections: number;
  durationSeconds: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  totalRequests: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

const NANOSECONDS_PER_MS = 1e6;

/**
 * Off the main thread autocannon hands back its raw, unaggregated result (encoded histograms),
 * not the `Result` its types describe; these are the plain fields of it that are used here.
 */
interface RawRunResult {
  totalCompletedRequests: number;
  /** Seconds the run actually lasted. */
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

async function runLoad(settings: LoadSettings): Promise<LoadResult> {
  // autocannon's own latency histogram keeps whole milliseconds, which reads a bare hello-world
  // as 0 ms and makes the p99 ratio meaningless; this one keeps nanoseconds.
  const latencies = createHistogram();
  const result = await new Promise<RawRunResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: settings.url,
        headers: settings.headers,
        connections: settings.connections,
        duration: settings.durationSeconds,
      },
      (error: unknown, finished) => (error ? reject(error) : resolve(finished as unknown as RawRunResult)),
    );
    instance.on("response", (_client, _statusCode, _bytes, responseTimeMs) => {
      latencies.record(Math.max(1, Math.round(responseTimeMs * NANOSECONDS_PER_MS)));
    });
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
  );
  return {
    requestsPerSecond: result.totalCompletedRequests / result.duration,
    totalRequests: result.totalCompletedRequests,
    p50Ms: latencies.percentile(50) / NANOSECONDS_PER_MS,
    p99Ms: latencies.percentile(99) / NANOSECONDS_PER_MS,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
  };
}

if (parentPort) {
  const port = parentPort;
  runLoad(workerData as LoadSettings).then(
    (result) => port.postMessage(result),
    (error: unknown) => {
      // Rethrown outside the promise so the Worker's "error" event reaches the main thread.
      setImmediate(() => {
        throw error;
      });
    },
  );
}
