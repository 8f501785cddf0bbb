/**
 * Requests/s and latency of an authenticated list endpoint (GET /api/v1/members with a bearer
 * token), each measured right after a bare Fastify hello-world in the same process, so the
 * ratio between the two says how much Evident costs on top of Fastify on this machine today.
 */
import { Worker } from "node:worker_threads";
import Fastify from "fastify";
import type { Engine } from "../src/platform/db/client.ts";
import { seedOrganization, startTestServer, TEST_PASSWORD } from "../test/support/server.ts";
import { formatRatio, formatTable, ratio, round, roundSignificant } from "./format.ts";
import type { LoadResult, LoadSettings } from "./load-worker.ts";
import { type Progress, showCountdown } from "./progress.ts";

export const HTTP_SETTINGS = {
  connections: 10,
  warmupSeconds: 2,
  measureSeconds: 10,
  /** Members added beyond the four seeded ones, so the list is a real query and a real payload. */
  extraMembers: 50,
};

const LIST_ENDPOINT = "/api/v1/members";
const SEEDED_MEMBERS = 4;

export interface HttpMeasurement {
  name: string;
  url: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  totalRequests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface HttpComparison {
  engine: Engine;
  baseline: HttpMeasurement;
  subject: HttpMeasurement;
  /** subject ÷ baseline: below 1 means Evident serves fewer requests than bare Fastify. */
  requestsPerSecondRatio: number | null;
  /** subject ÷ baseline: above 1 means Evident's slowest requests are slower than bare Fastify's. */
  p99Ratio: number | null;
}

export interface HttpThroughputReport {
  settings: typeof HTTP_SETTINGS & { endpoint: string };
  comparisons: HttpComparison[];
}

/**
 * PGlite always; PostgreSQL too when a server is given. startTestServer reads TEST_DATABASE_URL,
 * so BENCH_DATABASE_URL (the bench's own name, which wins) is copied there.
 */
export function enginesToMeasure(env: NodeJS.ProcessEnv): Engine[] {
  if (env.BENCH_DATABASE_URL) env.TEST_DATABASE_URL = env.BENCH_DATABASE_URL;
  return env.TEST_DATABASE_URL ? ["pglite", "postgresql"] : ["pglite"];
}

export async function runHttpThroughputBenchmark(
  progress: Progress,
  engines: Engine[],
): Promise<HttpThroughputReport> {
  const baseline = await startBaselineServer();
  try {
    const comparisons: HttpComparison[] = [];
    for (const engine of engines) {
      comparisons.push(await compareEngineWithBaseline(progress, engine, baseline.url));
    }
    return { settings: { ...HTTP_SETTINGS, endpoint: LIST_ENDPOINT }, comparisons };
  } finally {
    await baseline.close();
  }
}

/** The reference point: Fastify with one route and nothing else, in this same process. */
export async function startBaselineServer(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get("/hello", async () => ({ hello: "world" }));
  const address = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url: `${address}/hello`, close: () => app.close() };
}

async function compareEngineWithBaseline(
  progress: Progress,
  engine: Engine,
  baselineUrl: string,
): Promise<HttpComparison> {
  const subjectName = `evident-${engine}`;
  progress.phase(`[http] ${subjectName} starting and seeding…`);
  const server = await startTestServer(engine);
  try {
    const organization = await seedOrganization(server.database, "Bench");
    const adminToken = organization.users.admin.token;
    await addMembersThroughApi(server.url, adminToken, HTTP_SETTINGS.extraMembers);
    const listUrl = `${server.url}${LIST_ENDPOINT}`;
    const headers = { authorization: `Bearer ${adminToken}` };
    await assertListReturnsAllMembers(listUrl, headers, SEEDED_MEMBERS + HTTP_SETTINGS.extraMembers);

    // The baseline is measured right before its subject so both see the same machine state.
    const baseline = await measureEndpoint(progress, "baseline", baselineUrl, {});
    const subject = await measureEndpoint(progress, subjectName, listUrl, headers);
    return {
      engine,
      baseline,
      subject,
      requestsPerSecondRatio: ratio(subject.requestsPerSecond, baseline.requestsPerSecond),
      p99Ratio: ratio(subject.p99Ms, baseline.p99Ms),
    };
  } finally {
    await server.close();
  }
}

/** Adds members the way an admin would, one request at a time (PGlite serves one connection). */
async function addMembersThroughApi(serverUrl: string, adminToken: string, count: number): Promise<void> {
  const roles = ["recruiter", "hiring_manager", "interviewer"] as const;
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${serverUrl}${LIST_ENDPOINT}`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
      body: JSON.stringify({
        email: `member-${String(index).padStart(3, "0")}@bench.test`,
        name: `Bench Member ${index}`,
        role: roles[index % roles.length],
        password: TEST_PASSWORD,
      }),
    });
    if (response.status !== 201) {
      throw new Error(`Adding bench member ${index} failed: ${response.status} ${await response.text()}`);
    }
  }
}

/** A benchmark of an endpoint that answers 401 or an empty list would measure the wrong thing. */
async function assertListReturnsAllMembers(
  listUrl: string,
  headers: Record<string, string>,
  expectedCount: number,
): Promise<void> {
  const response = await fetch(listUrl, { headers });
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200 || body.items?.length !== expectedCount) {
    throw new Error(
      `GET ${listUrl} answered ${response.status} with ${body.items?.length ?? "no"} members; expected 200 with ${expectedCount}.`,
    );
  }
}

export async function measureEndpoint(
  progress: Progress,
  name: string,
  url: string,
  headers: Record<string, string>,
  connections: number = HTTP_SETTINGS.connections,
): Promise<HttpMeasurement> {
  const load = { url, headers, connections };
  // The warm-up lets V8 optimise the hot paths and fills connection and statement caches;
  // its numbers are discarded.
  await runTimedPhase(progress, `[http] ${name} warming up…`, HTTP_SETTINGS.warmupSeconds, () =>
    runLoadOnWorker({ ...load, durationSeconds: HTTP_SETTINGS.warmupSeconds }),
  );
  const result = await runTimedPhase(
    progress,
    `[http] ${name} measuring…`,
    HTTP_SETTINGS.measureSeconds,
    () => runLoadOnWorker({ ...load, durationSeconds: HTTP_SETTINGS.measureSeconds }),
  );
  assertEveryResponseSucceeded(name, result);
  return {
    name,
    url,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    totalRequests: result.totalRequests,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

async function runTimedPhase<T>(
  progress: Progress,
  label: string,
  seconds: number,
  work: () => Promise<T>,
): Promise<T> {
  progress.phase(label);
  const stopCountdown = showCountdown(progress, seconds);
  try {
    return await work();
  } finally {
    stopCountdown();
  }
}

/** Fast failures (401, 500) would otherwise show up as an impressive requests/s figure. */
function assertEveryResponseSucceeded(name: string, result: LoadResult): void {
  if (result.non2xx === 0 && result.errors === 0 && result.timeouts === 0) return;
  throw new Error(
    `${name}: ${result.non2xx} non-2xx responses, ${result.errors} errors, ${result.timeouts} timeouts ` +
      `(status codes: ${JSON.stringify(result.statusCodes)}); the measurement is invalid.`,
  );
}

function runLoadOnWorker(settings: LoadSettings): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./load-worker.ts", import.meta.url), { workerData: settings });
    let settled = false;
    worker.once("message", (result: LoadResult) => {
      settled = true;
      resolve(result);
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`The load worker exited with code ${code} before reporting.`));
    });
  });
}

export function formatHttpThroughputTable(report: HttpThroughputReport): string {
  const rows: string[][] = [];
  for (const comparison of report.comparisons) {
    rows.push([...measurementCells(comparison.baseline), "", ""]);
    rows.push([
      ...measurementCells(comparison.subject),
      formatRatio(comparison.requestsPerSecondRatio),
      formatRatio(comparison.p99Ratio),
    ]);
  }
  const { connections, measureSeconds } = report.settings;
  return [
    `HTTP: GET ${report.settings.endpoint} (bearer token, ${SEEDED_MEMBERS + report.settings.extraMembers} members) vs bare Fastify GET /hello; ${connections} connections, ${measureSeconds} s each`,
    formatTable(["", "req/s", "p50 ms", "p99 ms", "req/s ÷ baseline", "p99 ÷ baseline"], rows),
  ].join("\n");
}

export function measurementCells(measurement: HttpMeasurement): string[] {
  return [
    measurement.name,
    Math.round(measurement.requestsPerSecond).toString(),
    measurement.p50Ms.toFixed(2),
    measurement.p99Ms.toFixed(2),
  ];
}

/** The report with numbers rounded for the JSON summary. */
export function summariseHttpThroughput(report: HttpThroughputReport) {
  const roundMeasurement = (measurement: HttpMeasurement) => ({
    ...measurement,
    requestsPerSecond: round(measurement.requestsPerSecond, 1),
    p50Ms: round(measurement.p50Ms, 3),
    p99Ms: round(measurement.p99Ms, 3),
  });
  return {
    settings: report.settings,
    comparisons: report.comparisons.map((comparison) => ({
      engine: comparison.engine,
      baseline: roundMeasurement(comparison.baseline),
      subject: roundMeasurement(comparison.subject),
      requestsPerSecondRatio: roundSignificant(comparison.requestsPerSecondRatio, 4),
      p99Ratio: roundSignificant(comparison.p99Ratio, 4),
    })),
  };
}
