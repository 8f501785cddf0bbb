/**
 * An admin's regrade: a finished submission goes back to the grading queue (after a grader fix, a
 * replaced package, or a failure nobody trusts). Its current grade is first copied into
 * challenge_submission_earlier_grades, so the earlier report stays readable; the submission row
 * then receives the new grade, which is the one that counts. Every regrade is audited.
 */
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError, notFound } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobQueue } from "../../platform/queue.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { gradeSubmissionJob, gradingPriority } from "./grading-job.ts";
import {
  challengeAttempts,
  challengePackages,
  challengeSubmissionEarlierGrades,
  challengeSubmissions,
} from "./grading-table.ts";

type RegradeDeps = { db: Db; clock: Clock; queue: Pick<JobQueue, "send"> | null };

function queueOf(deps: RegradeDeps): Pick<JobQueue, "send"> {
  if (!deps.queue) throw new AppError("unavailable", "Grading is not running on this server.");
  return deps.queue;
}
type SubmissionRow = typeof challengeSubmissions.$inferSelect;

/** Keeps the row's grade as history and sends the submission back to "queued". */
async function requeueWithHistory(tx: Db, actor: Actor, now: Date, row: SubmissionRow, reason: string) {
  await tx.insert(challengeSubmissionEarlierGrades).values({
    id: newId(),
    organizationId: row.organizationId,
    submissionId: row.id,
    status: row.status,
    result: row.result,
    score: row.score,
    maxScore: row.maxScore,
    verdict: row.verdict,
    error: row.error,
    failureKind: row.failureKind,
    gradedAt: row.gradedAt,
    supersededAt: now,
    supersededBy: actor.userId,
  });
  // Only a finished submission: one already queued or grading would get two results.
  const [updated] = await tx
    .update(challengeSubmissions)
    .set({
      status: "queued",
      result: null,
      score: null,
      maxScore: null,
      verdict: null,
      error: null,
      failureKind: null,
      gradedAt: null,
    })
    .where(
      and(eq(challengeSubmissions.id, row.id), inArray(challengeSubmissions.status, ["graded", "failed"])),
    )
    .returning({ id: challengeSubmissions.id });
  if (!updated)
    throw new AppError("conflict", "This submission is being graded already; wait for its result.");
  await recordAudit(tx, actor, {
    organizationId: row.organizationId,
    action: "challenge_submission.regraded",
    objectType: "challenge_submission",
    objectId: row.id,
    detail: { reason, previousStatus: row.status, previousScore: row.score, previousMaxScore: row.maxScore },
  });
}

/** Regrades are batch work: they queue behind candidates' Runs and Submits. */
async function enqueue(queue: Pick<JobQueue, "send">, submissionIds: string[]) {
  for (const submissionId of submissionIds) {
    await queue.send(gradeSubmissionJob, { submissionId, batch: true }, { priority: gradingPriority.batch });
  }
}

/** Regrades one submission of the organisation (a Run or a Submit) that has a result. */
export async function regradeSubmission(
  deps: RegradeDeps,
  actor: Actor,
  organizationId: string,
  submissionId: string,
): Promise<{ submissionId: string; status: "queued" }> {
  let queue: Pick<JobQueue, "send"> | undefined;
  await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(challengeSubmissions)
      .where(
        and(
          eq(challengeSubmissions.id, submissionId),
          eq(challengeSubmissions.organizationId, organizationId),
        ),
      )
      .for("update");
    if (!row) throw notFound("The submission");
    queue = queueOf(deps);
    if (row.status !== "graded" && row.status !== "failed") {
      throw new AppError("conflict", "This submission is being graded already; wait for its result.");
    }
    await requeueWithHistory(tx, actor, deps.clock.now(), row, "admin");
  });
  if (queue) await enqueue(queue, [submissionId]);
  return { submissionId, status: "queued" };
}

/**
 * After a package is replaced: regrades every finished Submit of its challenge in the organisation
 * (Runs are the candidate's scratch work and are left alone). Refused while the new package is not
 * valid, since its grades would be worth nothing.
 */
export async function regradePackageSubmissions(
  deps: RegradeDeps,
  actor: Actor,
  organizationId: string,
  packageId: string,
): Promise<{ packageId: string; requeued: number }> {
  let queue: Pick<JobQueue, "send"> | undefined;
  const submissionIds = await deps.db.transaction(async (tx) => {
    const [pkg] = await tx
      .select()
      .from(challengePackages)
      .where(and(eq(challengePackages.id, packageId), eq(challengePackages.organizationId, organizationId)));
    if (!pkg) throw notFound("The package");
    queue = queueOf(deps);
    if (pkg.status !== "valid") {
      throw new AppError(
        "conflict",
        `The package is ${pkg.status}; submissions can be regraded once it has validated.`,
      );
    }
    const rows = await tx
      .select({ submission: challengeSubmissions })
      .from(challengeSubmissions)
      .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
      .where(
        and(
          eq(challengeSubmissions.organizationId, organizationId),
          eq(challengeAttempts.challengeId, pkg.challengeId),
          eq(challengeSubmissions.mode, "submit"),
          inArray(challengeSubmissions.status, ["graded", "failed"]),
        ),
      )
      .orderBy(asc(challengeSubmissions.createdAt))
      .for("update", { of: challengeSubmissions });
    const now = deps.clock.now();
    for (const { submission } of rows) {
      await requeueWithHistory(tx, actor, now, submission, "package_replaced");
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "challenge_package.submissions_regraded",
      objectType: "challenge_package",
      objectId: packageId,
      detail: { challengeId: pkg.challengeId, submissions: rows.length },
    });
    return rows.map(({ submission }) => submission.id);
  });
  if (queue) await enqueue(queue, submissionIds);
  return { packageId, requeued: submissionIds.length };
}

/** The earlier grades of these submissions, oldest first, for the review page. */
export async function earlierGradesOf(db: Db, submissionIds: string[]) {
  if (submissionIds.length === 0) return [];
  return db
    .select()
    .from(challengeSubmissionEarlierGrades)
    .where(inArray(challengeSubmissionEarlierGrades.submissionId, submissionIds))
    .orderBy(asc(challengeSubmissionEarlierGrades.supersededAt));
}
