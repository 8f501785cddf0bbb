/**
 * Runs Evident's benchmarks: `node bench/run.ts [--only NAME[,NAME…]] (http, startup, applications, sandbox, grading, runs, outcomes, analytics, pads)`. Progress goes to stderr,
 * the result tables to stdout, and a JSON summary to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatAnalyticsTable, runAnalyticsBenchmark } from "./analytics.ts";
import { formatApplicationsListTable, runApplicationsListBenchmark } from "./applications-list.ts";
import { toFormattedJson } from "./format.ts";
import { formatGradingThroughputTable, runGradingThroughputBenchmark } from "./grading-throughput.ts";
import {
  enginesToMeasure,
  formatHttpThroughputTable,
  runHttpThroughputBenchmark,
  summariseHttpThroughput,
} from "./http-throughput.ts";
import { formatOutcomesTable, runOutcomesBenchmark } from "./outcomes.ts";
import { formatPadsTable, runPadsBenchmark } from "./pads.ts";
import { createProgress } from "./progress.ts";
import { formatRunsUnderLoadTable, runRunsUnderLoadBenchmark } from "./runs-under-load.ts";
import { formatSandboxOverheadTable, runSandboxOverheadBenchmark } from "./sandbox-overhead.ts";
import { formatStartupTable, runStartupBenchmark, summariseStartup } from "./startup.ts";

const BENCHMARKS = [
  "http",
  "startup",
  "applications",
  "sandbox",
  "grading",
  "runs",
  "outcomes",
  "analytics",
  "pads",
] as const;
type BenchmarkName = (typeof BENCHMARKS)[number];

const resultsFile = path.join(import.meta.dirname, "results", "latest.json");

/** A mistake in the command line: reported as one line, without a stack trace. */
class UsageError extends Error {}

function selectedBenchmarks(argv: string[]): BenchmarkName[] {
  let values: { only?: string | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { only: { type: "string" } }, strict: true }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.only === undefined) return [...BENCHMARKS];
  // A comma list runs several in one go (in their usual order), e.g. --only sandbox,grading,runs.
  const wanted = values.only.split(",").map((name) => name.trim());
  const unknown = wanted.filter((name) => !BENCHMARKS.some((known) => known === name));
  if (unknown.length > 0 || wanted.length === 0) {
    throw new UsageError(`--only takes a comma list of ${BENCHMARKS.join(", ")}; got "${values.only}".`);
  }
  return BENCHMARKS.filter((name) => wanted.includes(name));
}

/** Where the numbers came from: absolute figures only compare on the same machine and Node. */
function describeMachine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

async function main(argv: string[]): Promise<void> {
  const benchmarks = selectedBenchmarks(argv);
  const progress = createProgress(process.stderr);
  const summary: Record<string, unknown> = {
    generatedAt: new Date().toISOString(),
    machine: describeMachine(),
  };
  const tables: string[] = [];
  try {
    if (benchmarks.includes("http")) {
      const report = await runHttpThroughputBenchmark(progress, enginesToMeasure(process.env));
      summary.http = summariseHttpThroughput(report);
      tables.push(formatHttpThroughputTable(report));
    }
    if (benchmarks.includes("applications")) {
      // The 100,000-application benchmark is about PostgreSQL, the production database.
      if (enginesToMeasure(process.env).includes("postgresql")) {
        const report = await runApplicationsListBenchmark(progress);
        summary.applications = report;
        tables.push(formatApplicationsListTable(report));
      } else {
        tables.push("Applications list: skipped; set BENCH_DATABASE_URL to a PostgreSQL server to run it.");
      }
    }
    if (benchmarks.includes("analytics")) {
      // Like the applications list, a question about PostgreSQL at scale.
      if (enginesToMeasure(process.env).includes("postgresql")) {
        const report = await runAnalyticsBenchmark(progress, process.env);
        summary.analytics = report;
        tables.push(formatAnalyticsTable(report));
      } else {
        tables.push("Evidence analytics: skipped; set BENCH_DATABASE_URL to a PostgreSQL server to run it.");
      }
    }
    if (benchmarks.includes("startup")) {
      const report = await runStartupBenchmark(progress);
      summary.startup = summariseStartup(report);
      tables.push(formatStartupTable(report));
    }
    if (benchmarks.includes("sandbox")) {
      const rows = await runSandboxOverheadBenchmark(progress);
      summary.sandbox = rows;
      tables.push(formatSandboxOverheadTable(rows));
    }
    if (benchmarks.includes("pads")) {
      const report = await runPadsBenchmark(progress);
      summary.pads = report;
      tables.push(formatPadsTable(report));
    }
    if (benchmarks.includes("outcomes")) {
      const report = await runOutcomesBenchmark(progress, process.env);
      summary.outcomes = report;
      tables.push(formatOutcomesTable(report));
    }
    if (benchmarks.includes("grading")) {
      const report = await runGradingThroughputBenchmark(progress, process.env);
      summary.grading = report;
      tables.push(formatGradingThroughputTable(report));
    }
    if (benchmarks.includes("runs")) {
      const report = await runRunsUnderLoadBenchmark(progress, process.env);
      summary.runs = report;
      tables.push(formatRunsUnderLoadTable(report));
    }
  } finally {
    progress.finish();
  }
  process.stdout.write(`${tables.join("\n\n")}\n`);
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  writeFileSync(resultsFile, toFormattedJson(summary));
  process.stderr.write(`Summary written to ${path.relative(process.cwd(), resultsFile)}\n`);
}

// Exiting through process.exit runs the benchmarks' "exit" handlers, which stop child servers
// and remove temporary directories; the default signal handling would skip them.
process.once("SIGINT", () => process.exit(130));
process.once("SIGTERM", () => process.exit(143));

try {
  await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(
      `bench: ${error.message}\nUsage: node bench/run.ts [--only NAME[,NAME…]] (http, startup, applications, sandbox, grading, runs, outcomes, analytics, pads)\n`,
    );
    process.exitCode = 2;
  } else {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}
