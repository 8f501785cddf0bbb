/**
 * A candidate taking the challenge of their current async_challenge stage: opening it (which
 * starts the attempt), saving a draft, and sending a Run (visible tests only) or a Submit
 * (every test). Submissions are graded by the grade-submission job; candidates see their
 * visible tests in full and hidden tests only as counts. A Run may name one visible test; a
 * stage allows a number of Submits (plan_stages.max_submits, default 3; the latest counts), so
 * hidden tests cannot be probed without end. A Submit whose grading failed (not the code) is not
 * counted against the candidate.
 */
import { and, desc, eq, inArray, ne } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import type { JobQueue } from "../../platform/queue.ts";
import { applicationEvents, applications } from "../candidates/candidates-table.ts";
import type { GradeReport, TestReport } from "../grading-engine/engine.ts";
import type { ChallengeLanguage } from "../grading-engine/manifest.ts";
import { planStages } from "../plans/plans-table.ts";
import type { CandidatePrincipal } from "../portal/candidate-sessions.ts";
import { entryFileFor, loadOrganizationChallenge, readChallengeBrief } from "./catalog.ts";
import { gradeSubmissionJob, gradingPriorityOf } from "./grading-job.ts";
import { challengeAttempts, challengeSubmissions, type SubmissionMode } from "./grading-table.ts";
import type {
  CandidateChallengeView,
  CandidateSubmissionView,
  RunInput,
  SubmissionInput,
} from "./schemas.ts";

/** Submissions of one attempt waiting for a grader at once; more is refused so one candidate cannot fill the queue. */
export const MAX_QUEUED_PER_ATTEMPT = 2;
export const MAX_SUBMISSION_BYTES = 512 * 1024;

interface AttemptDeps {
  db: Db;
  clock: Clock;
}

/** The candidate's own active application, at an async_challenge stage that has a challenge. */
async function currentChallengeStage(db: Db, candidate: CandidatePrincipal, applicationId: string) {
  const [row] = await db
    .select({ application: applications, stage: planStages })
    .from(applications)
    .innerJoin(planStages, eq(planStages.id, applications.currentStageId))
    .where(
      and(
        eq(applications.id, applicationId),
        eq(applications.organizationId, candidate.organizationId),
        eq(applications.candidateId, candidate.candidateId),
      ),
    );
  // Another candidate's application is indistinguishable from one that does not exist.
  if (!row) throw new AppError("not_found", "There is no such application of yours.");
  if (row.stage.type !== "async_challenge" || !row.stage.challengeId) {
    throw new AppError("not_found", "Your application has no challenge to take at its current stage.");
  }
  if (row.application.status !== "active") {
    throw new AppError("conflict", `Your application is ${row.application.status}; the challenge is closed.`);
  }
  return { application: row.application, stage: { ...row.stage, challengeId: row.stage.challengeId } };
}

/** When the application entered the stage: the deadline counts from there. */
async function stageEnteredAt(db: Db, applicationId: string, stageId: string, fallback: Date): Promise<Date> {
  const [event] = await db
    .select({ createdAt: applicationEvents.createdAt })
    .from(applicationEvents)
    .where(and(eq(applicationEvents.applicationId, applicationId), eq(applicationEvents.toStageId, stageId)))
    .orderBy(desc(applicationEvents.id))
    .limit(1);
  return event?.createdAt ?? fallback;
}

/** Opens (or reopens) the attempt: the first opening is when the candidate's time starts. */
async function openAttempt(deps: AttemptDeps, candidate: CandidatePrincipal, applicationId: string) {
  const { application, stage } = await currentChallengeStage(deps.db, candidate, applicationId);
  const [existing] = await deps.db
    .select()
    .from(challengeAttempts)
    .where(and(eq(challengeAttempts.applicationId, application.id), eq(challengeAttempts.stageId, stage.id)));
  if (existing) return { attempt: existing, stage };
  const enteredAt = await stageEnteredAt(deps.db, application.id, stage.id, application.createdAt);
  const dueAt =
    stage.deadlineDays != null ? new Date(enteredAt.getTime() + stage.deadlineDays * 86_400_000) : null;
  const [created] = await deps.db
    .insert(challengeAttempts)
    .values({
      id: newId(),
      organizationId: candidate.organizationId,
      applicationId: application.id,
      stageId: stage.id,
      challengeId: stage.challengeId,
      openedAt: deps.clock.now(),
      dueAt,
    })
    // Two tabs opening at once: the first row wins, the second reads it.
    .onConflictDoNothing()
    .returning();
  if (created) return { attempt: created, stage };
  const [winner] = await deps.db
    .select()
    .from(challengeAttempts)
    .where(and(eq(challengeAttempts.applicationId, application.id), eq(challengeAttempts.stageId, stage.id)));
  if (!winner) throw new AppError("internal", "The challenge attempt could not be opened.");
  return { attempt: winner, stage };
}

export function candidateView(row: typeof challengeSubmissions.$inferSelect): CandidateSubmissionView {
  const report = row.result as GradeReport | null;
  const tests: TestReport[] = report?.tests ?? [];
  const hidden = tests.filter((test) => test.visibility === "hidden");
  return {
    id: row.id,
    mode: row.mode,
    language: row.language,
    status: row.status,
    createdAt: row.createdAt.toISOString(),
    gradedAt: row.gradedAt?.toISOString() ?? null,
    verdict: row.status === "graded" ? row.verdict : null,
    visibleTests: tests
      .filter((test) => test.visibility === "visible")
      .map((test) => ({
        name: test.name,
        passed: test.passed,
        durationMs: test.durationMs,
        message: test.message,
      })),
    hiddenTests:
      row.status === "graded" && row.mode === "submit"
        ? { passed: hidden.filter((test) => test.passed).length, total: hidden.length }
        : null,
    testName: row.testName,
    // A Run runs visible tests only, so its output reveals nothing hidden; a Submit's could.
    console: row.mode === "run" ? (report?.console ?? null) : null,
    crash: report?.crash ?? null,
  };
}

function visibleTestNames(challenge: { suites: { tests: { name: string; visibility: string }[] }[] }) {
  return challenge.suites.flatMap((suite) =>
    suite.tests.filter((test) => test.visibility === "visible").map((test) => test.name),
  );
}

/** Submits that count toward the stage's maximum: every one but those whose grading failed. */
function countedSubmits(submissions: { mode: string; status: string }[]): number {
  return submissions.filter((submission) => submission.mode === "submit" && submission.status !== "failed")
    .length;
}

export async function describeChallengeForCandidate(
  deps: AttemptDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
): Promise<CandidateChallengeView> {
  const { attempt, stage } = await openAttempt(deps, candidate, applicationId);
  const challenge = await loadOrganizationChallenge(deps.db, candidate.organizationId, attempt.challengeId);
  const brief = readChallengeBrief(challenge);
  const submissions = await deps.db
    .select()
    .from(challengeSubmissions)
    .where(eq(challengeSubmissions.attemptId, attempt.id))
    .orderBy(desc(challengeSubmissions.createdAt));
  const entryFiles: Partial<Record<ChallengeLanguage, string>> = {};
  for (const language of challenge.manifest.languages) {
    entryFiles[language] = entryFileFor(challenge.manifest.kind, language);
  }
  return {
    attemptId: attempt.id,
    challenge: {
      id: challenge.manifest.id,
      title: challenge.manifest.title,
      kind: challenge.manifest.kind,
      languages: challenge.manifest.languages,
    },
    stageName: stage.name,
    prompt: brief.prompt,
    starters: brief.starters,
    entryFiles,
    openedAt: attempt.openedAt.toISOString(),
    dueAt: attempt.dueAt?.toISOString() ?? null,
    isClosed: isPastDue(attempt.dueAt, deps.clock),
    draft:
      attempt.draftLanguage && attempt.draftFiles
        ? { language: attempt.draftLanguage, files: attempt.draftFiles }
        : null,
    visibleTestNames: visibleTestNames(challenge),
    submits: { used: countedSubmits(submissions), max: stage.maxSubmits },
    submissions: submissions.map(candidateView),
  };
}

function isPastDue(dueAt: Date | null, clock: Clock): boolean {
  return dueAt !== null && clock.now().getTime() > dueAt.getTime();
}

function checkSubmissionFiles(
  input: SubmissionInput,
  manifest: { languages: ChallengeLanguage[]; kind: string },
): void {
  if (!manifest.languages.includes(input.language)) {
    throw new AppError(
      "bad_request",
      `This challenge is offered in ${manifest.languages.join(", ")}, not ${input.language}.`,
      { fieldErrors: [{ path: "language", message: `must be one of ${manifest.languages.join(", ")}` }] },
    );
  }
  const bytes = Object.values(input.files).reduce((sum, content) => sum + Buffer.byteLength(content), 0);
  if (bytes > MAX_SUBMISSION_BYTES) {
    throw new AppError("payload_too_large", "The submission is larger than 512 KiB.");
  }
  const entry = entryFileFor(manifest.kind, input.language);
  if (!(entry in input.files)) {
    throw new AppError("bad_request", `A ${input.language} submission needs the file ${entry}.`, {
      fieldErrors: [{ path: "files", message: `needs ${entry}` }],
    });
  }
}

export async function saveDraft(
  deps: AttemptDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
  input: SubmissionInput,
): Promise<{ savedAt: string }> {
  const { attempt } = await openAttempt(deps, candidate, applicationId);
  if (isPastDue(attempt.dueAt, deps.clock)) {
    throw new AppError("conflict", "The deadline has passed; the challenge is closed.");
  }
  const challenge = await loadOrganizationChallenge(deps.db, candidate.organizationId, attempt.challengeId);
  checkSubmissionFiles(input, challenge.manifest);
  await deps.db
    .update(challengeAttempts)
    .set({ draftLanguage: input.language, draftFiles: input.files })
    .where(eq(challengeAttempts.id, attempt.id));
  return { savedAt: deps.clock.now().toISOString() };
}

/** Stores a Run or Submit and queues it for grading; the answer comes back as "queued". */
export async function createSubmission(
  deps: AttemptDeps & { queue: JobQueue | null },
  candidate: CandidatePrincipal,
  applicationId: string,
  mode: SubmissionMode,
  input: SubmissionInput | RunInput,
): Promise<CandidateSubmissionView> {
  if (!deps.queue) {
    throw new AppError("unavailable", "Grading is not running on this server; try again later.");
  }
  const { attempt, stage } = await openAttempt(deps, candidate, applicationId);
  if (isPastDue(attempt.dueAt, deps.clock)) {
    throw new AppError("conflict", "The deadline has passed; the challenge is closed.");
  }
  const challenge = await loadOrganizationChallenge(deps.db, candidate.organizationId, attempt.challengeId);
  checkSubmissionFiles(input, challenge.manifest);
  const testName = mode === "run" && "testName" in input ? (input.testName ?? null) : null;
  if (testName !== null) {
    if (!visibleTestNames(challenge).includes(testName)) {
      throw new AppError("bad_request", `There is no visible test named ${JSON.stringify(testName)}.`, {
        fieldErrors: [{ path: "testName", message: "must name one of the visible tests" }],
      });
    }
  }
  if (mode === "submit") {
    const earlier = await deps.db
      .select({ mode: challengeSubmissions.mode, status: challengeSubmissions.status })
      .from(challengeSubmissions)
      .where(
        and(
          eq(challengeSubmissions.attemptId, attempt.id),
          eq(challengeSubmissions.mode, "submit"),
          ne(challengeSubmissions.status, "failed"),
        ),
      );
    if (countedSubmits(earlier) >= stage.maxSubmits) {
      throw new AppError(
        "conflict",
        `You have used all ${stage.maxSubmits} Submits of this stage; your latest Submit is the one that counts. Runs of the visible tests are still open.`,
      );
    }
  }
  const queued = await deps.db
    .select({ id: challengeSubmissions.id })
    .from(challengeSubmissions)
    .where(
      and(
        eq(challengeSubmissions.attemptId, attempt.id),
        inArray(challengeSubmissions.status, ["queued", "grading"]),
      ),
    );
  if (queued.length >= MAX_QUEUED_PER_ATTEMPT) {
    throw new AppError(
      "rate_limited",
      `${queued.length} of your submissions are still being graded; wait for their results first.`,
    );
  }
  const [row] = await deps.db
    .insert(challengeSubmissions)
    .values({
      id: newId(),
      organizationId: candidate.organizationId,
      attemptId: attempt.id,
      mode,
      language: input.language,
      files: input.files,
      testName,
      createdAt: deps.clock.now(),
    })
    .returning();
  if (!row) throw new AppError("internal", "The submission could not be stored.");
  await deps.db
    .update(challengeAttempts)
    .set({ draftLanguage: input.language, draftFiles: input.files })
    .where(eq(challengeAttempts.id, attempt.id));
  // A Run is graded by this process when it grades (no database queue between: a candidate
  // waits on it); a Submit always goes through the queue, which keeps it across restarts.
  await deps.queue.send(
    gradeSubmissionJob,
    { submissionId: row.id },
    { singletonKey: row.id, priority: gradingPriorityOf(mode), inThisProcess: mode === "run" },
  );
  return candidateView(row);
}

/** One of the candidate's own submissions, for polling until it is graded. */
export async function readOwnSubmission(
  db: Db,
  candidate: CandidatePrincipal,
  submissionId: string,
): Promise<CandidateSubmissionView> {
  const [row] = await db
    .select({ submission: challengeSubmissions })
    .from(challengeSubmissions)
    .innerJoin(challengeAttempts, eq(challengeAttempts.id, challengeSubmissions.attemptId))
    .innerJoin(applications, eq(applications.id, challengeAttempts.applicationId))
    .where(
      and(
        eq(challengeSubmissions.id, submissionId),
        eq(challengeSubmissions.organizationId, candidate.organizationId),
        eq(applications.candidateId, candidate.candidateId),
      ),
    );
  if (!row) throw new AppError("not_found", "There is no such submission of yours.");
  return candidateView(row.submission);
}

/** Attempts of the given applications (for reviewers), with their submissions, newest first. */
export async function attemptsOfApplications(db: Db, organizationId: string, applicationIds: string[]) {
  if (applicationIds.length === 0) return [];
  const attempts = await db
    .select()
    .from(challengeAttempts)
    .where(
      and(
        eq(challengeAttempts.organizationId, organizationId),
        inArray(challengeAttempts.applicationId, applicationIds),
      ),
    );
  const submissions =
    attempts.length === 0
      ? []
      : await db
          .select()
          .from(challengeSubmissions)
          .where(
            inArray(
              challengeSubmissions.attemptId,
              attempts.map((attempt) => attempt.id),
            ),
          )
          .orderBy(desc(challengeSubmissions.createdAt));
  return attempts.map((attempt) => ({
    attempt,
    submissions: submissions.filter((submission) => submission.attemptId === attempt.id),
  }));
}
