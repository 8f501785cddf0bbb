/**
 * Runs under load (issue 11, Performance): 200 Submits of the lru-ttl-cache JavaScript reference
 * are queued and the product's worker pool starts on them (EVIDENT_GRADING_WORKERS slots plus the
 * slots reserved for Runs, through the real pg-boss queue with the product's priorities); once
 * every slot is busy, 20 candidates press Run at once. That burst happens three times while the
 * Submits drain (each once every slot is busy with Submits again), and p50/p95 from Run to result
 * are over all of their Runs: one burst's p95 is its 19th Run of 20, too few for a stable figure.
 * Also reported: each burst's p95, and the Submits' throughput once the queue drains.
 *
 * Baselines, measured in the same run, before the Submits and again after they drain (the machine's
 * speed drifts over the minutes between): one bare Run of the visible tests (same runtime, same
 * harness and tests, no box: bench/bare-runner.ts) and one sandboxed full grading (the longest a
 * Run can wait for the grading in progress in its slot). Target: p95 ≤ 3 × (bare Run + one
 * grading). Throughput is compared with workers ÷ one grading's time.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { inArray } from "drizzle-orm";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { createCandidate } from "../src/modules/candidates/candidates.ts";
import { gradingContract } from "../src/modules/challenges/contract.ts";
import { gradeSubmissionJob, gradingPriorityOf, visibleOnly } from "../src/modules/challenges/grading-job.ts";
import { challengeAttempts, challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { gradeLoaded } from "../src/modules/grading-engine/engine.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { addMember } from "../src/modules/members/members.ts";
import { createOrganization } from "../src/modules/organizations/organizations.ts";
import { runUnboxedForBenchmarks } from "../src/modules/sandbox/sandbox.ts";
import { systemClock } from "../src/platform/clock.ts";
import { openDatabase } from "../src/platform/db/client.ts";
import { migrateDatabase } from "../src/platform/db/migrate.ts";
import { createEventBus } from "../src/platform/events.ts";
import { newId } from "../src/platform/ids.ts";
import { createLogger } from "../src/platform/logger.ts";
import { startJobQueue } from "../src/platform/queue.ts";
import { createRemoteRoleWithPlan } from "../test/support/scale-organization.ts";
import { runBare } from "./bare-runner.ts";
import { formatRatio, formatTable, median, ratio, round, roundSignificant } from "./format.ts";
import { gradingSettings } from "./grading-throughput.ts";
import type { Progress } from "./progress.ts";

const CHALLENGE = "lru-ttl-cache";

export function runsSettings(env: NodeJS.ProcessEnv) {
  const grading = gradingSettings(env);
  return {
    submissions: Number(env.BENCH_RUNS_SUBMISSIONS ?? 200),
    runs: Number(env.BENCH_RUNS_RUNS ?? 20),
    bursts: Math.max(1, Number(env.BENCH_RUNS_BURSTS ?? 3)),
    workers: grading.workers,
    baselineRuns: Number(env.BENCH_RUNS_BASELINE ?? 5),
  };
}

export interface RunsUnderLoadReport {
  settings: ReturnType<typeof runsSettings> & {
    challenge: string;
    language: string;
    engine: string;
    /** Job slots that take only Runs (the grading job's reserved workers). */
    runSlots: number;
  };
  baseline: {
    bareRunMedianMs: number;
    boxedRunMedianMs: number;
    bareGradingMedianMs: number;
    boxedGradingMedianMs: number;
    /** bare Run + one grading in progress per slot: what a Run may cost at worst, by design. */
    runBudgetMs: number;
  };
  runs: { p50Ms: number; p95Ms: number; maxMs: number; burstP95Ms: number[] };
  submits: { drainSeconds: number; submissionsPerSecond: number; idealPerSecond: number };
  ratios: {
    gradingBoxedOfBare: number | null;
    runP95OfBudget: number | null;
    throughputOfIdeal: number | null;
  };
}

function percentile(sorted: number[], share: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

async function timeEach(times: number, work: () => Promise<unknown>): Promise<number[]> {
  const spent: number[] = [];
  for (let index = 0; index < times; index += 1) {
    const started = performance.now();
    await work();
    spent.push(performance.now() - started);
  }
  return spent;
}

export async function runRunsUnderLoadBenchmark(
  progress: Progress,
  env: NodeJS.ProcessEnv,
): Promise<RunsUnderLoadReport> {
  const settings = runsSettings(env);
  const challenge = loadChallenge(path.join(builtInChallengesDir, CHALLENGE));
  const files = {
    "solution.js": readFileSync(path.join(challenge.dir, "reference/javascript/solution.js"), "utf8"),
  };
  const visible = visibleOnly(challenge);
  const gradeFully = async () => {
    const report = await gradeLoaded(challenge, "javascript", files);
    if (report.score !== report.maxScore)
      throw new Error(`the reference scored ${report.score}/${report.maxScore}`);
  };
  const gradeVisible = () => gradeLoaded(visible, "javascript", files);

  const bareRunTimes: number[] = [];
  const bareGradingTimes: number[] = [];
  const boxedRunTimes: number[] = [];
  const boxedGradingTimes: number[] = [];
  const measureBaselines = async (when: string) => {
    progress.phase(`[runs] baselines ${when}: bare and boxed Runs and gradings…`);
    runUnboxedForBenchmarks(runBare);
    try {
      bareRunTimes.push(...(await timeEach(settings.baselineRuns, gradeVisible)));
      bareGradingTimes.push(...(await timeEach(settings.baselineRuns, gradeFully)));
    } finally {
      runUnboxedForBenchmarks(undefined);
    }
    boxedRunTimes.push(...(await timeEach(settings.baselineRuns, gradeVisible)));
    boxedGradingTimes.push(...(await timeEach(settings.baselineRuns, gradeFully)));
  };
  await measureBaselines("before the Submits");

  progress.phase("[runs] preparing an organisation, a role and a candidate on PGlite…");
  const database = await openDatabase({ engine: "pglite", dataDir: "memory://" });
  await migrateDatabase(database);
  const deps = { db: database.db, clock: systemClock };
  const queue = await startJobQueue(database, { logger: createLogger("silent") });
  const events = await createEventBus(database);
  try {
    const organization = await createOrganization(deps, systemActor, { name: "Bench" });
    const member = await addMember(deps, systemActor, organization.id, {
      email: "bench@example.com",
      name: "Bench",
      role: "recruiter",
      password: "bench-password-123",
    });
    const actor = { ...systemActor, type: "user" as const, userId: member.userId };
    const { role, plan } = await createRemoteRoleWithPlan(deps, actor, organization.id, {
      title: "Backend Engineer",
      team: "Bench",
    });
    const stage = plan.stages.find((candidate) => candidate.type === "async_challenge");
    const candidate = await createCandidate(deps, actor, organization.id, {
      fullName: "Bench Candidate",
      email: "candidate@example.com",
      phone: null,
      location: null,
      links: [],
      source: null,
      roleId: role.id,
    });
    const attemptId = newId();
    await database.db.insert(challengeAttempts).values({
      id: attemptId,
      organizationId: organization.id,
      applicationId: candidate.applications[0]?.id ?? "",
      stageId: stage?.id ?? "",
      challengeId: CHALLENGE,
      openedAt: new Date(),
    });
    const enqueue = async (mode: "run" | "submit") => {
      const id = newId();
      await database.db.insert(challengeSubmissions).values({
        id,
        organizationId: organization.id,
        attemptId,
        mode,
        language: "javascript",
        files,
        createdAt: new Date(),
      });
      // As the portal's route sends them (challenges/attempts.ts): a Run to this process's lane.
      await queue.send(
        gradeSubmissionJob,
        { submissionId: id },
        { priority: gradingPriorityOf(mode), inThisProcess: mode === "run" },
      );
      return id;
    };

    progress.phase(`[runs] enqueueing ${settings.submissions} Submits…`);
    const submitIds: string[] = [];
    for (let index = 0; index < settings.submissions; index += 1) submitIds.push(await enqueue("submit"));

    // The product's wiring of the grading job (contract.ts): the slots and the reserved one.
    const job = gradingContract.jobs.find((each) => each.definition === gradeSubmissionJob);
    const workerDeps = { ...deps, events };
    const drainStarted = Date.now();
    await queue.work(gradeSubmissionJob, workerDeps, {
      concurrency: settings.workers,
      pollingIntervalSeconds: job?.pollingIntervalSeconds ?? 0.5,
    });
    if (job?.reserved) {
      await queue.work(gradeSubmissionJob, workerDeps, {
        concurrency: job.reserved.concurrency,
        minPriority: job.reserved.minPriority,
        pollingIntervalSeconds: job.pollingIntervalSeconds ?? 0.5,
      });
      if (job.reserved.inThisProcess) {
        queue.workInThisProcess(gradeSubmissionJob, workerDeps, { concurrency: job.reserved.concurrency });
      }
    }
    const burstLatencies: number[][] = [];
    for (let burst = 1; burst <= settings.bursts; burst += 1) {
      // Every grading slot busy with a Submit taken since the last burst, before the candidates
      // press Run.
      const taken = await countStatus(submitIds, ["grading", "graded", "failed"]);
      const wanted = burst === 1 ? settings.workers : taken + settings.workers;
      await waitUntil(async () => (await countStatus(submitIds, ["grading", "graded"])) >= wanted);
      // A later burst only while Submits are still queued: after the drain it would not be under load.
      if (burst > 1 && (await countStatus(submitIds, ["queued"])) === 0) break;

      progress.phase(`[runs] burst ${burst} of ${settings.bursts}: ${settings.runs} Runs at once…`);
      const runIds = await Promise.all(Array.from({ length: settings.runs }, () => enqueue("run")));
      await waitUntil(
        async () => (await countStatus(runIds, ["graded", "failed"])) === runIds.length,
        (done) => progress.phase(`[runs] burst ${burst}: ${done} Runs graded…`),
      );
      const runRows = await rowsWithFullMarks(runIds, "Run");
      burstLatencies.push(
        runRows.map((row) => (row.gradedAt?.getTime() ?? 0) - row.createdAt.getTime()).sort((a, b) => a - b),
      );
    }
    const runLatencies = burstLatencies.flat().sort((a, b) => a - b);

    await waitUntil(
      async () => (await countStatus(submitIds, ["graded", "failed"])) === submitIds.length,
      (done) => progress.phase(`[runs] ${done}/${submitIds.length} Submits graded…`),
      async () => countStatus(submitIds, ["graded", "failed"]),
    );
    const submitRows = await rowsWithFullMarks(submitIds, "Submit");
    const lastGradedAt = Math.max(...submitRows.map((row) => row.gradedAt?.getTime() ?? 0));
    const drainSeconds = (lastGradedAt - drainStarted) / 1000;
    const submissionsPerSecond = submitIds.length / drainSeconds;

    await measureBaselines("after the Submits");
    const bareRunMedianMs = median(bareRunTimes);
    const boxedRunMedianMs = median(boxedRunTimes);
    const bareGradingMedianMs = median(bareGradingTimes);
    const boxedGradingMedianMs = median(boxedGradingTimes);
    const runBudgetMs = bareRunMedianMs + boxedGradingMedianMs;
    const idealPerSecond = (settings.workers * 1000) / boxedGradingMedianMs;
    const p95 = percentile(runLatencies, 0.95);
    return {
      settings: {
        ...settings,
        challenge: CHALLENGE,
        language: "javascript",
        engine: "pglite",
        runSlots: job?.reserved?.concurrency ?? 0,
      },
      baseline: {
        bareRunMedianMs: round(bareRunMedianMs, 1),
        boxedRunMedianMs: round(boxedRunMedianMs, 1),
        bareGradingMedianMs: round(bareGradingMedianMs, 1),
        boxedGradingMedianMs: round(boxedGradingMedianMs, 1),
        runBudgetMs: round(runBudgetMs, 1),
      },
      runs: {
        p50Ms: round(percentile(runLatencies, 0.5), 0),
        p95Ms: round(p95, 0),
        maxMs: round(runLatencies.at(-1) ?? 0, 0),
        burstP95Ms: burstLatencies.map((latencies) => round(percentile(latencies, 0.95), 0)),
      },
      submits: {
        drainSeconds: round(drainSeconds, 1),
        submissionsPerSecond: round(submissionsPerSecond, 3),
        idealPerSecond: round(idealPerSecond, 3),
      },
      ratios: {
        gradingBoxedOfBare: roundSignificant(ratio(boxedGradingMedianMs, bareGradingMedianMs), 3),
        runP95OfBudget: roundSignificant(ratio(p95, runBudgetMs), 3),
        throughputOfIdeal: roundSignificant(ratio(submissionsPerSecond, idealPerSecond), 3),
      },
    };
  } finally {
    await queue.stop();
    await events.close();
    await database.close();
  }

  /** The stored submissions, each of which must have scored full marks: a reference does, under load too. */
  async function rowsWithFullMarks(ids: string[], what: "Run" | "Submit") {
    const rows = await database.db
      .select()
      .from(challengeSubmissions)
      .where(inArray(challengeSubmissions.id, ids));
    if (rows.some((row) => row.score !== row.maxScore))
      throw new Error(`a reference ${what} lost marks under load`);
    return rows;
  }

  async function countStatus(ids: string[], statuses: string[]) {
    const rows = await database.db
      .select({ status: challengeSubmissions.status })
      .from(challengeSubmissions)
      .where(inArray(challengeSubmissions.id, ids));
    return rows.filter((row) => statuses.includes(row.status)).length;
  }
}

async function waitUntil(
  done: () => Promise<boolean>,
  report?: (count: number) => void,
  count?: () => Promise<number>,
) {
  while (!(await done())) {
    if (report && count) report(await count());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export function formatRunsUnderLoadTable(report: RunsUnderLoadReport): string {
  const { settings, baseline, runs, submits, ratios } = report;
  return [
    `Runs under load: ${settings.submissions} Submits queued, then ${settings.runs} Runs at once, ${runs.burstP95Ms.length} time(s) while they drain; ${settings.workers} grading slot(s) + ${settings.runSlots} reserved for Runs; ${settings.challenge} ${settings.language} reference; baselines before and after`,
    formatTable(
      ["measure", "value", "ratio"],
      [
        ["one Run, bare (visible tests, no box)", `${baseline.bareRunMedianMs.toFixed(0)} ms`, ""],
        ["one Run, sandboxed", `${baseline.boxedRunMedianMs.toFixed(0)} ms`, ""],
        ["one full grading, bare", `${baseline.bareGradingMedianMs.toFixed(0)} ms`, ""],
        [
          "one full grading, sandboxed",
          `${baseline.boxedGradingMedianMs.toFixed(0)} ms`,
          `${formatRatio(ratios.gradingBoxedOfBare)} of bare (target ≤ 1.5×)`,
        ],
        ["Run budget: bare Run + one grading in progress", `${baseline.runBudgetMs.toFixed(0)} ms`, ""],
        ["Run → result p50, all bursts", `${runs.p50Ms} ms`, ""],
        [
          "Run → result p95, all bursts",
          `${runs.p95Ms} ms`,
          `${formatRatio(ratios.runP95OfBudget)} of budget (target ≤ 3×)`,
        ],
        [
          "Run → result p95, each burst",
          `${runs.burstP95Ms.join(", ")} ms`,
          runs.burstP95Ms
            .map((p95) => formatRatio(roundSignificant(ratio(p95, baseline.runBudgetMs), 3)))
            .join(", "),
        ],
        [
          "Submits/s",
          submits.submissionsPerSecond.toFixed(2),
          `${formatRatio(ratios.throughputOfIdeal)} of workers ÷ one grading (${submits.idealPerSecond.toFixed(2)}/s)`,
        ],
        ["drain time", `${submits.drainSeconds} s`, ""],
      ],
    ),
  ].join("\n");
}
