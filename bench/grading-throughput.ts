/**
 * Grading throughput: N queued `lru-ttl-cache` submissions (the JavaScript reference, every
 * suite including the 200,000-operation one) drained by the worker pool through the real pg-boss
 * queue on the embedded database, as `evident start` runs it. Reports submissions per second and
 * the p50/p95 latency from enqueue to stored result. The in-run baseline is the same submission
 * graded directly, one after another, without the queue: what one grading costs on this machine.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { systemActor } from "../src/modules/audit/audit-log.ts";
import { createCandidate } from "../src/modules/candidates/candidates.ts";
import { gradeSubmissionJob } from "../src/modules/challenges/grading-job.ts";
import { challengeAttempts, challengeSubmissions } from "../src/modules/challenges/grading-table.ts";
import { gradeLoaded } from "../src/modules/grading-engine/engine.ts";
import { loadChallenge } from "../src/modules/grading-engine/load-challenge.ts";
import { builtInChallengesDir } from "../src/modules/grading-engine/manifest.ts";
import { addMember } from "../src/modules/members/members.ts";
import { createOrganization } from "../src/modules/organizations/organizations.ts";
import { systemClock } from "../src/platform/clock.ts";
import { openDatabase } from "../src/platform/db/client.ts";
import { migrateDatabase } from "../src/platform/db/migrate.ts";
import { createEventBus } from "../src/platform/events.ts";
import { newId } from "../src/platform/ids.ts";
import { createLogger } from "../src/platform/logger.ts";
import { startJobQueue } from "../src/platform/queue.ts";
import { createRemoteRoleWithPlan } from "../test/support/scale-organization.ts";
import { formatRatio, formatTable, median, ratio, round, roundSignificant } from "./format.ts";
import type { Progress } from "./progress.ts";

const CHALLENGE = "lru-ttl-cache";

export function gradingSettings(env: NodeJS.ProcessEnv) {
  return {
    submissions: Number(env.BENCH_GRADING_SUBMISSIONS ?? 200),
    // The product's default: every core but one grades.
    workers: Number(env.BENCH_GRADING_WORKERS ?? Math.max(1, os.availableParallelism() - 1)),
    baselineRuns: 5,
  };
}

export interface GradingThroughputReport {
  settings: ReturnType<typeof gradingSettings> & { challenge: string; language: string; engine: string };
  baseline: { directGradeMedianMs: number };
  queued: {
    drainSeconds: number;
    submissionsPerSecond: number;
    latencyMs: { p50: number; p95: number; max: number };
  };
  /** Throughput ÷ the ideal of `workers` direct gradings in parallel; p50 ÷ one direct grading. */
  ratios: { throughputOfIdeal: number | null; p50OfDirect: number | null };
}

function percentile(sorted: number[], share: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1);
  return sorted[Math.max(0, index)] as number;
}

export async function runGradingThroughputBenchmark(
  progress: Progress,
  env: NodeJS.ProcessEnv,
): Promise<GradingThroughputReport> {
  const settings = gradingSettings(env);
  const challenge = loadChallenge(path.join(builtInChallengesDir, CHALLENGE));
  const files = {
    "solution.js": readFileSync(path.join(challenge.dir, "reference/javascript/solution.js"), "utf8"),
  };

  const direct: number[] = [];
  for (let run = 1; run <= settings.baselineRuns; run += 1) {
    progress.phase(`[grading] baseline: direct grading ${run}/${settings.baselineRuns}…`);
    const started = performance.now();
    const report = await gradeLoaded(challenge, "javascript", files);
    if (report.score !== report.maxScore)
      throw new Error(`the reference scored ${report.score}/${report.maxScore}`);
    direct.push(performance.now() - started);
  }

  progress.phase("[grading] preparing an organisation, a role and a candidate on PGlite…");
  const database = await openDatabase({ engine: "pglite", dataDir: "memory://" });
  await migrateDatabase(database);
  const deps = { db: database.db, clock: systemClock };
  const queue = await startJobQueue(database, { logger: createLogger("silent") });
  // The grading job tells the candidate's open page each status change through the event bus.
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

    // Queued first, then the workers start: the pool drains a full queue, as after a burst.
    progress.phase(`[grading] enqueueing ${settings.submissions} submissions…`);
    const ids: string[] = [];
    for (let index = 0; index < settings.submissions; index += 1) {
      const id = newId();
      ids.push(id);
      await database.db.insert(challengeSubmissions).values({
        id,
        organizationId: organization.id,
        attemptId,
        mode: "submit",
        language: "javascript",
        files,
        createdAt: new Date(),
      });
      await queue.send(gradeSubmissionJob, { submissionId: id });
    }
    const drainStarted = Date.now();
    await queue.work(
      gradeSubmissionJob,
      { ...deps, events },
      {
        concurrency: settings.workers,
        pollingIntervalSeconds: 0.5,
      },
    );
    let graded = 0;
    while (graded < ids.length) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const rows = await database.db
        .select({ id: challengeSubmissions.id })
        .from(challengeSubmissions)
        .where(eq(challengeSubmissions.status, "graded"));
      graded = rows.length;
      progress.phase(`[grading] ${graded}/${ids.length} graded by ${settings.workers} worker(s)…`);
    }
    const rows = await database.db.select().from(challengeSubmissions);
    const lastGradedAt = Math.max(...rows.map((row) => row.gradedAt?.getTime() ?? 0));
    const drainSeconds = (lastGradedAt - drainStarted) / 1000;
    const wrong = rows.filter((row) => row.score !== row.maxScore);
    if (wrong.length > 0) throw new Error(`${wrong.length} reference submissions lost marks under load`);
    const latencies = rows
      .map((row) => (row.gradedAt?.getTime() ?? 0) - row.createdAt.getTime())
      .sort((a, b) => a - b);
    const directMedianMs = median(direct);
    const submissionsPerSecond = ids.length / drainSeconds;
    return {
      settings: { ...settings, challenge: CHALLENGE, language: "javascript", engine: "pglite" },
      baseline: { directGradeMedianMs: round(directMedianMs, 1) },
      queued: {
        drainSeconds: round(drainSeconds, 1),
        submissionsPerSecond: round(submissionsPerSecond, 3),
        latencyMs: {
          p50: round(percentile(latencies, 0.5), 0),
          p95: round(percentile(latencies, 0.95), 0),
          max: round(latencies.at(-1) ?? 0, 0),
        },
      },
      ratios: {
        throughputOfIdeal: roundSignificant(
          ratio(submissionsPerSecond, (settings.workers * 1000) / directMedianMs),
          3,
        ),
        p50OfDirect: roundSignificant(ratio(percentile(latencies, 0.5), directMedianMs), 3),
      },
    };
  } finally {
    await queue.stop();
    await events.close();
    await database.close();
  }
}

export function formatGradingThroughputTable(report: GradingThroughputReport): string {
  const { settings, baseline, queued, ratios } = report;
  return [
    `Grading throughput: ${settings.submissions} queued ${settings.challenge} submissions (${settings.language} reference, every suite), ${settings.workers} worker(s), ${settings.engine}`,
    formatTable(
      ["measure", "value", "÷ baseline"],
      [
        ["one direct grading, median (baseline)", `${baseline.directGradeMedianMs.toFixed(0)} ms`, ""],
        [
          "submissions/s",
          queued.submissionsPerSecond.toFixed(2),
          `${formatRatio(ratios.throughputOfIdeal)} of ideal`,
        ],
        ["enqueue → result p50", `${queued.latencyMs.p50} ms`, formatRatio(ratios.p50OfDirect)],
        ["enqueue → result p95", `${queued.latencyMs.p95} ms`, ""],
        ["drain time", `${queued.drainSeconds} s`, ""],
      ],
    ),
  ].join("\n");
}
