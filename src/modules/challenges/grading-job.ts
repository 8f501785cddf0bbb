/**
 * The grade-submission job: a worker grades one stored submission in the sandbox and writes its
 * result once. The update only applies to a submission not yet graded or failed, so a retried
 * job (its worker killed after grading, or two workers on an expired job) never stores a second
 * result.
 */
import { and, eq, inArray, lt } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import type { EventBus } from "../../platform/events.ts";
import type { JobDefinition, JobQueue } from "../../platform/queue.ts";
import { type GradeReport, gradeLoaded } from "../grading-engine/engine.ts";
import type { LoadedChallenge } from "../grading-engine/manifest.ts";
import { isSandboxAvailable, SandboxUnavailable, withSandboxPriority } from "../sandbox/sandbox.ts";
import { loadOrganizationChallenge } from "./catalog.ts";
import { challengeAttempts, challengeSubmissions } from "./grading-table.ts";
import { submissionStatusTopic } from "./submission-status.ts";

const RETRY_LIMIT = 2;

/**
 * Queue priorities of grade-submission jobs (pg-boss takes the highest first). A candidate waiting
 * on a Run goes first, then real Submits, then batch work nobody watches (the demo's gradings,
 * regrades). The reserved worker slot (contract.ts) takes only Runs.
 */
export const gradingPriority = { run: 30, submit: 20, batch: 10 } as const;

/** The queue priority of a submission's grading job. */
export function gradingPriorityOf(
  mode: "run" | "submit",
  origin: "candidate" | "batch" = "candidate",
): number {
  if (origin === "batch") return gradingPriority.batch;
  return mode === "run" ? gradingPriority.run : gradingPriority.submit;
}
const unfinished = inArray(challengeSubmissions.status, ["queued", "grading"]);

/**
 * The challenge with only its visible tests (or the one visible test a Run names), so a Run does
 * not spend time on hidden suites.
 */
export function visibleOnly(challenge: LoadedChallenge, testName: string | null = null): LoadedChallenge {
  const isRun = (test: { visibility: string; name: string }) =>
    test.visibility === "visible" && (testName === null || test.name === testName);
  return {
    ...challenge,
    suites: challenge.suites
      .map((suite) => ({ ...suite, tests: suite.tests.filter(isRun) }))
      .filter((suite) => suite.tests.length > 0),
  };
}

/** A Run's report: visible tests only (or the one it names), scored out of their points. */
export function restrictToVisible(report: GradeReport, testName: string | null = null): GradeReport {
  const tests = report.tests.filter(
    (test) => test.visibility === "visible" && (testName === null || test.name === testName),
  );
  return {
    ...report,
    tests,
    score: tests.reduce((sum, test) => sum + test.points, 0),
    maxScore: tests.reduce((sum, test) => sum + test.maxPoints, 0),
  };
}

type GradingDeps = { db: Db; clock: Clock; events: EventBus };

/**
 * Grades one stored submission and tells subscribers of submissionStatusTopic (the candidate's
 * open challenge page) when it is taken and when its result is stored.
 */
export async function gradeStoredSubmission(
  deps: GradingDeps,
  submissionId: string,
  job: { retryCount: number; batch?: boolean } = { retryCount: 0 },
): Promise<{ status: string }> {
  // One statement takes the submission and marks it "grading" (a Run's every statement counts:
  // bench/README.md, "Where a Run's time went"). "grading" left behind by a worker that died
  // mid-job is taken again.
  const [submission] = await deps.db
    .update(challengeSubmissions)
    .set({ status: "grading" })
    .from(challengeAttempts)
    .where(
      and(
        eq(challengeSubmissions.id, submissionId),
        unfinished,
        eq(challengeAttempts.id, challengeSubmissions.attemptId),
      ),
    )
    .returning({
      organizationId: challengeSubmissions.organizationId,
      mode: challengeSubmissions.mode,
      testName: challengeSubmissions.testName,
      language: challengeSubmissions.language,
      files: challengeSubmissions.files,
      challengeId: challengeAttempts.challengeId,
      applicationId: challengeAttempts.applicationId,
    });
  if (!submission) {
    const [stored] = await deps.db
      .select({ status: challengeSubmissions.status })
      .from(challengeSubmissions)
      .where(eq(challengeSubmissions.id, submissionId));
    return { status: stored?.status ?? "missing" };
  }
  const announce = (status: "grading" | "graded" | "failed") =>
    deps.events.publish(submissionStatusTopic, {
      organizationId: submission.organizationId,
      applicationId: submission.applicationId,
      submissionId,
      status,
    });
  await announce("grading");
  let report: GradeReport;
  try {
    const challenge = await loadOrganizationChallenge(
      deps.db,
      submission.organizationId,
      submission.challengeId,
    );
    // SQL challenges grade every test in one database; their Run report is filtered afterwards.
    const toGrade = submission.mode === "run" ? visibleOnly(challenge, submission.testName) : challenge;
    // The job's priority carries into the sandbox, where box slots go to Runs first.
    const priority = job.batch ? "batch" : submission.mode === "run" ? "run" : "submit";
    const graded = await withSandboxPriority(priority, () =>
      gradeLoaded(toGrade, submission.language, submission.files),
    );
    report = submission.mode === "run" ? restrictToVisible(graded, submission.testName) : graded;
  } catch (error) {
    // A sandbox that cannot start is the host's failure, not the candidate's: recorded as such
    // at once (retrying in seconds would not install bubblewrap) and graded again by
    // regradeInfrastructureFailures once boxes start. Unusable input (a language no longer
    // offered, a package made invalid) will not improve with retries; anything else is retried,
    // then recorded as the infrastructure's failure too.
    const failureKind =
      error instanceof SandboxUnavailable || !(error instanceof AppError) ? "infrastructure" : "unusable";
    const isFinal = error instanceof AppError || job.retryCount >= RETRY_LIMIT;
    if (!isFinal) throw error;
    await deps.db
      .update(challengeSubmissions)
      .set({
        status: "failed",
        error: error instanceof Error ? error.message.slice(0, 500) : String(error).slice(0, 500),
        failureKind,
        gradedAt: deps.clock.now(),
      })
      .where(and(eq(challengeSubmissions.id, submissionId), unfinished));
    await announce("failed");
    return { status: "failed" };
  }
  const updated = await deps.db
    .update(challengeSubmissions)
    .set({
      status: "graded",
      result: report,
      score: report.score,
      maxScore: report.maxScore,
      verdict: report.verdict,
      gradedAt: deps.clock.now(),
    })
    .where(and(eq(challengeSubmissions.id, submissionId), unfinished))
    .returning({ id: challengeSubmissions.id });
  if (updated.length === 1) await announce("graded");
  return { status: updated.length === 1 ? "graded" : "already graded" };
}

const gradeSubmissionPayload = z.object({
  submissionId: z.uuid(),
  /** Work nobody waits on (the demo's gradings, regrades): lowest sandbox priority. */
  batch: z.boolean().optional(),
});

export const gradeSubmissionJob: JobDefinition<typeof gradeSubmissionPayload, GradingDeps> = {
  queue: "grade-submission",
  payload: gradeSubmissionPayload,
  retryLimit: RETRY_LIMIT,
  retryDelaySeconds: 2,
  // The longest challenge runs a few suites of at most a minute each.
  expireInSeconds: 10 * 60,
  handle: (deps, payload, job) =>
    gradeStoredSubmission(deps, payload.submissionId, { ...job, batch: payload.batch === true }),
};

/**
 * A Run still unfinished this long after it was stored, with no job for it in the database queue,
 * was lost: it was graded in the process whose server stored it (JobQueue's inThisProcess), and
 * that process stopped without finishing it. The longest Run (a few suites' visible tests, each
 * box at most its wall limit) takes well under a minute.
 */
export const staleRunMinutes = 5;

/**
 * Sends submissions that failed for an infrastructure reason back to the queue once the sandbox
 * works again; the periodic regrade-infrastructure-failures job calls it. Each goes back to
 * "queued" (the failure's message is replaced by the new result) at its usual priority. Lost
 * Runs (staleRunMinutes) are queued again as they are.
 */
export async function regradeInfrastructureFailures(
  deps: GradingDeps & { queue: Pick<JobQueue, "send" | "hasPendingJob"> },
  isAvailable: () => boolean = () => isSandboxAvailable().available,
): Promise<{ requeued: number; sandbox: "ok" | "unavailable"; lostRuns: number }> {
  const staleRuns = await deps.db
    .select({ id: challengeSubmissions.id })
    .from(challengeSubmissions)
    .where(
      and(
        eq(challengeSubmissions.mode, "run"),
        unfinished,
        lt(challengeSubmissions.createdAt, new Date(deps.clock.now().getTime() - staleRunMinutes * 60_000)),
      ),
    );
  let lostRuns = 0;
  for (const run of staleRuns) {
    if (await deps.queue.hasPendingJob(gradeSubmissionJob, { submissionId: run.id })) continue;
    await deps.queue.send(gradeSubmissionJob, { submissionId: run.id }, { priority: gradingPriority.run });
    lostRuns += 1;
  }
  if (!isAvailable()) return { requeued: 0, sandbox: "unavailable", lostRuns };
  const requeued = await deps.db
    .update(challengeSubmissions)
    .set({ status: "queued", error: null, failureKind: null, gradedAt: null })
    .where(
      and(eq(challengeSubmissions.status, "failed"), eq(challengeSubmissions.failureKind, "infrastructure")),
    )
    .returning({ id: challengeSubmissions.id, mode: challengeSubmissions.mode });
  for (const each of requeued) {
    await deps.queue.send(
      gradeSubmissionJob,
      { submissionId: each.id },
      { priority: gradingPriorityOf(each.mode) },
    );
  }
  return { requeued: requeued.length, sandbox: "ok", lostRuns };
}

export const regradeInfrastructureFailuresJob: JobDefinition<
  z.ZodObject<Record<string, never>>,
  GradingDeps & { queue: JobQueue }
> = {
  queue: "regrade-infrastructure-failures",
  payload: z.object({}),
  retryLimit: 0,
  expireInSeconds: 5 * 60,
  handle: (deps) => regradeInfrastructureFailures(deps),
};
