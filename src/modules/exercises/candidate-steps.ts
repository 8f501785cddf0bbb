/**
 * The candidate's side of an exercise run: the step list with release times and deadlines in
 * their own zone, a released step's brief, autosaved drafts, submitted versions and the
 * clarifying-question thread. Release times and the late policy are enforced here, on the
 * server; the candidate never sees reviews, scores or the activity timeline.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { applications } from "../candidates/candidates-table.ts";
import { planStages } from "../plans/plans-table.ts";
import type { CandidatePrincipal } from "../portal/candidate-sessions.ts";
import type { ExerciseDeps } from "./definitions.ts";
import {
  type ExerciseStepDefinition,
  exerciseDrafts,
  exerciseQuestions,
  exerciseSubmissions,
} from "./exercises-table.ts";
import { type ExerciseRun, findRunOfApplication, recordActivity, requireStep } from "./runs.ts";
import { commentableLines, describeStepTimes, stepTimes } from "./schedule.ts";
import {
  type CandidateExerciseView,
  type CandidateStepSummary,
  type CandidateStepView,
  type ExerciseQuestionView,
  type ExerciseSubmissionView,
  MAX_WHITEBOARD_BYTES,
  type StepContent,
} from "./schemas.ts";
import { formatInZone } from "./time-zones.ts";

async function candidateRun(deps: ExerciseDeps, candidate: CandidatePrincipal, applicationId: string) {
  const [application] = await deps.db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.id, applicationId),
        eq(applications.organizationId, candidate.organizationId),
        eq(applications.candidateId, candidate.candidateId),
      ),
    );
  // Another candidate's application is indistinguishable from one that does not exist.
  if (!application) throw new AppError("not_found", "There is no such application of yours.");
  const found = await findRunOfApplication(deps.db, candidate.organizationId, applicationId);
  if (!found) throw new AppError("not_found", "Your application has no exercise yet.");
  return { run: found.run, application };
}

function summarise(
  run: ExerciseRun,
  step: ExerciseStepDefinition,
  now: Date,
  submittedVersions: number,
): CandidateStepSummary {
  const times = stepTimes(step, run.startsAt);
  return {
    id: step.id,
    kind: step.kind,
    title: step.title,
    ...describeStepTimes(times, run.candidateTimeZone),
    isReleased: now >= times.releaseAt,
    isPastDue: now > times.dueAt,
    submittedVersions,
  };
}

export async function describeExerciseForCandidate(
  deps: ExerciseDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
): Promise<CandidateExerciseView> {
  const { run } = await candidateRun(deps, candidate, applicationId);
  const [stage] = await deps.db.select().from(planStages).where(eq(planStages.id, run.stageId));
  const submissions = await deps.db
    .select({ stepId: exerciseSubmissions.stepId })
    .from(exerciseSubmissions)
    .where(eq(exerciseSubmissions.runId, run.id));
  const now = deps.clock.now();
  return {
    applicationId,
    stageName: stage?.name ?? "Exercise",
    candidateTimeZone: run.candidateTimeZone,
    latePolicy: run.latePolicy,
    steps: run.steps.map((step) =>
      summarise(run, step, now, submissions.filter((row) => row.stepId === step.id).length),
    ),
  };
}

/** A released step, or a refusal naming when it opens in the candidate's zone. */
function requireReleased(run: ExerciseRun, stepId: string, now: Date) {
  const step = requireStep(run, stepId);
  const times = stepTimes(step, run.startsAt);
  if (now < times.releaseAt) {
    throw new AppError(
      "conflict",
      `"${step.title}" opens ${formatInZone(times.releaseAt, run.candidateTimeZone)}; it cannot be opened before then.`,
    );
  }
  return { step, times };
}

function submissionView(row: typeof exerciseSubmissions.$inferSelect): ExerciseSubmissionView {
  return {
    id: row.id,
    version: row.version,
    content: row.content as StepContent,
    isLate: row.isLate,
    submittedAt: row.submittedAt.toISOString(),
  };
}

function questionView(row: typeof exerciseQuestions.$inferSelect, now: Date): ExerciseQuestionView {
  const isReleased = row.releaseAt !== null && now >= row.releaseAt;
  return {
    id: row.id,
    question: row.question,
    askedAt: row.askedAt.toISOString(),
    answer: isReleased ? row.answer : null,
    // The candidate learns when the answer reached them, not when the team wrote it.
    answeredAt: isReleased ? (row.releaseAt?.toISOString() ?? null) : null,
  };
}

/** Opens a released step (recorded on the timeline) with its draft, versions and questions. */
export async function openStep(
  deps: ExerciseDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
  stepId: string,
): Promise<CandidateStepView> {
  const { run } = await candidateRun(deps, candidate, applicationId);
  const now = deps.clock.now();
  const { step } = requireReleased(run, stepId, now);
  await recordActivity(deps, run, step.id, "opened");
  const [draft] = await deps.db
    .select()
    .from(exerciseDrafts)
    .where(and(eq(exerciseDrafts.runId, run.id), eq(exerciseDrafts.stepId, step.id)));
  const submissions = await deps.db
    .select()
    .from(exerciseSubmissions)
    .where(and(eq(exerciseSubmissions.runId, run.id), eq(exerciseSubmissions.stepId, step.id)))
    .orderBy(desc(exerciseSubmissions.version));
  const questions = await deps.db
    .select()
    .from(exerciseQuestions)
    .where(and(eq(exerciseQuestions.runId, run.id), eq(exerciseQuestions.stepId, step.id)))
    .orderBy(asc(exerciseQuestions.askedAt));
  return {
    ...summarise(run, step, now, submissions.length),
    brief: step.brief,
    diff: step.diff,
    latePolicy: run.latePolicy,
    draft: draft ? { content: draft.content as StepContent, savedAt: draft.savedAt.toISOString() } : null,
    submissions: submissions.map(submissionView),
    questions: questions.map((row) => questionView(row, now)),
  };
}

/** After the deadline: refused, or allowed and marked late, per the stage's setting. */
function checkDeadline(run: ExerciseRun, step: ExerciseStepDefinition, dueAt: Date, now: Date): boolean {
  if (now <= dueAt) return false;
  if (run.latePolicy === "refuse") {
    throw new AppError(
      "conflict",
      `"${step.title}" was due ${formatInZone(dueAt, run.candidateTimeZone)}; this exercise does not accept late work.`,
    );
  }
  return true;
}

function checkContentKind(step: ExerciseStepDefinition, content: StepContent) {
  if (step.kind === "question_thread") {
    throw new AppError("conflict", `"${step.title}" is a question thread: ask your questions instead.`);
  }
  if (content.kind !== step.kind) {
    throw new AppError("bad_request", `"${step.title}" takes ${step.kind} content, not ${content.kind}.`, {
      fieldErrors: [{ path: "content.kind", message: `must be ${step.kind}` }],
    });
  }
}

/**
 * The content as it is stored: a whiteboard keeps only its live elements (Excalidraw reports
 * deleted ones too) and is refused with 413 when its JSON outgrows MAX_WHITEBOARD_BYTES.
 */
function storableContent(content: StepContent): StepContent {
  if (content.kind !== "whiteboard") return content;
  const elements = content.elements.filter((element) => element.isDeleted !== true);
  const bytes = Buffer.byteLength(JSON.stringify(elements));
  if (bytes > MAX_WHITEBOARD_BYTES) {
    throw new AppError(
      "payload_too_large",
      `The whiteboard is ${Math.ceil(bytes / 1024)} KiB; at most ${MAX_WHITEBOARD_BYTES / 1024} KiB of drawing can be saved. Remove some freehand strokes or split the drawing.`,
    );
  }
  return { kind: "whiteboard", elements };
}

function checkReviewComments(step: ExerciseStepDefinition, content: StepContent) {
  if (content.kind !== "code_review" || !step.diff) return;
  const lines = commentableLines(step.diff);
  content.comments.forEach((comment, index) => {
    const file = comment.file.replace(/^[ab]\//, "");
    if (!lines.has(`${file}:${comment.side}:${comment.line}`)) {
      throw new AppError("bad_request", `Comment ${index + 1} points at no line of the diff.`, {
        fieldErrors: [
          {
            path: `content.comments.${index}.line`,
            message: `${file} has no ${comment.side} line ${comment.line} in the diff`,
          },
        ],
      });
    }
  });
}

export async function saveStepDraft(
  deps: ExerciseDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
  stepId: string,
  content: StepContent,
): Promise<{ savedAt: string }> {
  const { run } = await candidateRun(deps, candidate, applicationId);
  const now = deps.clock.now();
  const { step, times } = requireReleased(run, stepId, now);
  checkContentKind(step, content);
  checkDeadline(run, step, times.dueAt, now);
  content = storableContent(content);
  await deps.db
    .insert(exerciseDrafts)
    .values({ runId: run.id, stepId: step.id, organizationId: run.organizationId, content, savedAt: now })
    .onConflictDoUpdate({
      target: [exerciseDrafts.runId, exerciseDrafts.stepId],
      set: { content, savedAt: now },
    });
  await recordActivity(deps, run, step.id, "drafted");
  return { savedAt: now.toISOString() };
}

export async function submitStep(
  deps: ExerciseDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
  stepId: string,
  content: StepContent,
): Promise<ExerciseSubmissionView> {
  const { run } = await candidateRun(deps, candidate, applicationId);
  const now = deps.clock.now();
  const { step, times } = requireReleased(run, stepId, now);
  checkContentKind(step, content);
  if (content.kind === "design_doc" && content.markdown.trim() === "") {
    throw new AppError("bad_request", "The document is empty.", {
      fieldErrors: [{ path: "content.markdown", message: "must not be empty" }],
    });
  }
  if (content.kind === "code_review" && content.verdict === null) {
    throw new AppError("bad_request", "Choose a verdict for the review before submitting it.", {
      fieldErrors: [{ path: "content.verdict", message: "approve, request_changes or comment" }],
    });
  }
  checkReviewComments(step, content);
  content = storableContent(content);
  if (content.kind === "whiteboard" && content.elements.length === 0) {
    throw new AppError("bad_request", "The whiteboard is empty: draw something before submitting it.", {
      fieldErrors: [{ path: "content.elements", message: "must hold at least one element" }],
    });
  }
  const isLate = checkDeadline(run, step, times.dueAt, now);
  const row = await deps.db.transaction(async (tx) => {
    const [latest] = await tx
      .select({ version: exerciseSubmissions.version })
      .from(exerciseSubmissions)
      .where(and(eq(exerciseSubmissions.runId, run.id), eq(exerciseSubmissions.stepId, step.id)))
      .orderBy(desc(exerciseSubmissions.version))
      .limit(1);
    const [inserted] = await tx
      .insert(exerciseSubmissions)
      .values({
        id: newId(),
        organizationId: run.organizationId,
        runId: run.id,
        stepId: step.id,
        version: (latest?.version ?? 0) + 1,
        content,
        isLate,
        submittedAt: now,
      })
      .returning();
    return inserted;
  });
  if (!row) throw new AppError("internal", "The submission could not be stored.");
  await recordActivity(deps, run, step.id, "submitted");
  return submissionView(row);
}

export async function askQuestion(
  deps: ExerciseDeps,
  candidate: CandidatePrincipal,
  applicationId: string,
  stepId: string,
  question: string,
): Promise<ExerciseQuestionView> {
  const { run } = await candidateRun(deps, candidate, applicationId);
  const now = deps.clock.now();
  const { step, times } = requireReleased(run, stepId, now);
  if (step.kind !== "question_thread") {
    throw new AppError("conflict", `"${step.title}" is not a question thread.`);
  }
  checkDeadline(run, step, times.dueAt, now);
  const [row] = await deps.db
    .insert(exerciseQuestions)
    .values({
      id: newId(),
      organizationId: run.organizationId,
      runId: run.id,
      stepId: step.id,
      question,
      askedAt: now,
    })
    .returning();
  if (!row) throw new AppError("internal", "The question could not be stored.");
  await recordActivity(deps, run, step.id, "asked");
  return questionView(row, now);
}
