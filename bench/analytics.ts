/**
 * Evidence analytics at scale on PostgreSQL: an imported history of 100,000 applications
 * (≈ 360k stage rows, ≈ 1M ratings, generated with known effects) is uploaded through
 * POST /api/v1/analytics/history, then every analytics endpoint is requested in turn and its
 * p50 and p95 compared with `SELECT count(*)` over the ratings table, measured in the same run
 * on the same database: a ratio says how many full scans of the ratings the endpoint costs.
 * BENCH_ANALYTICS_APPLICATIONS sets a smaller size for a quick run.
 */
import { sql } from "drizzle-orm";
import { generateHistory } from "../src/modules/demo/analytics-history.ts";
import { seedOrganization, startTestServer } from "../test/support/server.ts";
import { formatRatio, formatTable, ratio, round } from "./format.ts";
import type { Progress } from "./progress.ts";

const REQUESTS = 30;
const WARM_UP = 3;

export interface AnalyticsEndpointTiming {
  endpoint: string;
  p50Ms: number;
  p95Ms: number;
  p50Ratio: number | null;
  p95Ratio: number | null;
}

export interface AnalyticsReport {
  applications: number;
  stageRows: number;
  ratings: number;
  uploadMegabytes: number;
  importSeconds: number;
  countStar: { p50Ms: number; p95Ms: number };
  endpoints: AnalyticsEndpointTiming[];
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest rank: the smallest value with at least `fraction` of the values at or below it.
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] as number;
}

async function time(run: () => Promise<void>): Promise<number[]> {
  for (let index = 0; index < WARM_UP; index++) await run();
  const timings: number[] = [];
  for (let index = 0; index < REQUESTS; index++) {
    const started = performance.now();
    await run();
    timings.push(performance.now() - started);
  }
  return timings;
}

export async function runAnalyticsBenchmark(
  progress: Progress,
  env: NodeJS.ProcessEnv,
): Promise<AnalyticsReport> {
  const size = Number(env.BENCH_ANALYTICS_APPLICATIONS ?? 100_000);
  progress.phase("[analytics] starting a PostgreSQL-backed server…");
  const server = await startTestServer("postgresql");
  try {
    const org = await seedOrganization(server.database, "Analytics bench");
    progress.phase(`[analytics] generating ${size.toLocaleString("en")} applications…`);
    const files = generateHistory({ applications: size, seed: 11 });
    const form = new FormData();
    let bytes = 0;
    for (const [name, text] of Object.entries(files)) {
      bytes += Buffer.byteLength(text);
      form.append(name, new Blob([text], { type: "text/csv" }), `${name}.csv`);
    }
    progress.phase(
      `[analytics] importing ${(bytes / 1e6).toFixed(1)} MB through POST /api/v1/analytics/history…`,
    );
    const importStarted = performance.now();
    const response = await fetch(`${server.url}/api/v1/analytics/history`, {
      method: "POST",
      headers: { authorization: `Bearer ${org.users.admin.token}` },
      body: form,
    });
    const imported = (await response.json()) as { applications: number; stages: number; ratings: number };
    if (response.status !== 200)
      throw new Error(`The import answered ${response.status}: ${JSON.stringify(imported).slice(0, 500)}`);
    const importSeconds = (performance.now() - importStarted) / 1000;

    progress.phase("[analytics] measuring SELECT count(*) over the ratings…");
    const countTimings = await time(async () => {
      await server.database.db.execute(sql`select count(*) from analytics_imported_ratings`);
    });
    const countStar = { p50Ms: percentile(countTimings, 0.5), p95Ms: percentile(countTimings, 0.95) };

    const endpoints = [
      "/api/v1/analytics/validity?source=all&outcome=outcome_6m",
      "/api/v1/analytics/adverse-impact?source=all&category=gender",
      "/api/v1/analytics/adverse-impact?source=all&category=race_ethnicity&stage=System%20design",
      "/api/v1/analytics/calibration?source=all&stage=System%20design",
      "/api/v1/analytics/work-models?source=all&outcome=outcome_6m",
      "/api/v1/analytics/work-models?source=all&outcome=retained_12m",
      "/api/v1/analytics/funnel?source=all",
      // The bias-audit report: every category at every stage, validity and calibration in one
      // page; the PDF adds Chromium printing that page.
      "/api/v1/analytics/report?source=all",
      "/api/v1/analytics/report.pdf?source=all",
    ];
    const timings: AnalyticsEndpointTiming[] = [];
    for (const endpoint of endpoints) {
      progress.phase(`[analytics] GET ${endpoint}…`);
      const samples = await time(async () => {
        const answer = await fetch(`${server.url}${endpoint}`, {
          headers: { authorization: `Bearer ${org.users.admin.token}` },
        });
        await answer.arrayBuffer();
        if (answer.status !== 200) throw new Error(`${endpoint} answered ${answer.status}`);
      });
      const p50Ms = percentile(samples, 0.5);
      const p95Ms = percentile(samples, 0.95);
      timings.push({
        endpoint,
        p50Ms: round(p50Ms, 1),
        p95Ms: round(p95Ms, 1),
        p50Ratio: ratio(p50Ms, countStar.p50Ms),
        p95Ratio: ratio(p95Ms, countStar.p95Ms),
      });
    }
    return {
      applications: imported.applications,
      stageRows: imported.stages,
      ratings: imported.ratings,
      uploadMegabytes: round(bytes / 1e6, 1),
      importSeconds: round(importSeconds, 1),
      countStar: { p50Ms: round(countStar.p50Ms, 1), p95Ms: round(countStar.p95Ms, 1) },
      endpoints: timings,
    };
  } finally {
    await server.close();
  }
}

export function formatAnalyticsTable(report: AnalyticsReport): string {
  const heading = `Evidence analytics on PostgreSQL: ${report.applications.toLocaleString("en")} applications, ${report.stageRows.toLocaleString("en")} stage rows, ${report.ratings.toLocaleString("en")} ratings (${report.uploadMegabytes} MB imported in ${report.importSeconds} s); SELECT count(*) over the ratings p50 ${report.countStar.p50Ms} ms, p95 ${report.countStar.p95Ms} ms`;
  return `${heading}\n${formatTable(
    ["endpoint", "p50 ms", "p95 ms", "p50 / count(*)", "p95 / count(*)"],
    report.endpoints.map((row) => [
      row.endpoint.replace("/api/v1/analytics/", ""),
      row.p50Ms.toFixed(1),
      row.p95Ms.toFixed(1),
      formatRatio(row.p50Ratio),
      formatRatio(row.p95Ratio),
    ]),
  )}`;
}
