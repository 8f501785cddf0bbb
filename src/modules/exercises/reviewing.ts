/**
 * The hiring team's side of a run: answering clarifying questions (shown to the candidate after
 * the step's delay in working hours), the reviewer view with the candidate's activity timeline
 * as context, and per-step ratings against the kit's anchored rubric. Blind review is honoured
 * as for challenges: in a blind stage, or for a blind reviewer of the application, the candidate
 * is a pseudonym and their name is scrubbed from everything they wrote.
 */
import { and, asc, desc, eq } from "drizzle-orm";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { applications, candidates } from "../candidates/candidates-table.ts";
import {
  type BlindScrubber,
  blindScrubberFor,
  findBlindApplicationsForUser,
  showAsWritten,
  summariseCandidate,
} from "../interviews/blind.ts";
import { HIRING_TEAM_ROLES } from "../interviews/interviews.ts";
import { requireKitVersion } from "../kits/kits.ts";
import { flaggedPhrases } from "../note-guard/note-guard.ts";
import { planStages } from "../plans/plans-table.ts";
import { attributesOfStep, type ExerciseDeps, rubricView } from "./definitions.ts";
import {
  type ExerciseRating,
  exerciseActivity,
  exerciseQuestions,
  exerciseReviews,
  exerciseRuns,
  exerciseSubmissions,
} from "./exercises-table.ts";
import { findRunOfApplication, requireStep } from "./runs.ts";
import { describeStepTimes, stepTimes } from "./schedule.ts";
import type {
  ExerciseReviewInput,
  ExerciseReviewView,
  ReviewerExerciseView,
  StepContent,
} from "./schemas.ts";
import { addWorkingHours } from "./time-zones.ts";

async function reviewContext(deps: ExerciseDeps, member: MemberContext, applicationId: string) {
  const [row] = await deps.db
    .select({ application: applications, candidate: candidates })
    .from(applications)
    .innerJoin(candidates, eq(candidates.id, applications.candidateId))
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, member.organizationId)));
  if (!row) throw new AppError("not_found", "There is no such application.");
  const found = await findRunOfApplication(deps.db, member.organizationId, applicationId);
  if (!found) throw new AppError("not_found", "This application has no exercise run.");
  const [stage] = await deps.db.select().from(planStages).where(eq(planStages.id, found.run.stageId));
  if (!stage) throw new AppError("not_found", "The exercise's stage was removed.");
  const isHiringTeam = HIRING_TEAM_ROLES.includes(member.role);
  if (!isHiringTeam && !stage.interviewerPool.includes(member.userId)) {
    throw new AppError(
      "forbidden",
      "Only the hiring team and the exercise stage's reviewers can see this exercise.",
    );
  }
  const blindForViewer = await findBlindApplicationsForUser(deps.db, member.organizationId, member.userId, [
    applicationId,
  ]);
  const hidden = stage.isBlind || blindForViewer.has(applicationId);
  const scrub = hidden ? blindScrubberFor(applicationId, row.candidate) : showAsWritten;
  return { ...row, run: found.run, stage, isHiringTeam, hidden, scrub };
}

function scrubContent(content: StepContent, scrub: BlindScrubber): StepContent {
  if (content.kind === "design_doc") return { ...content, markdown: scrub(content.markdown) };
  if (content.kind === "whiteboard") {
    // Words on the board are the candidate's writing too: a signature in a corner is scrubbed.
    return {
      ...content,
      elements: content.elements.map((element) => ({
        ...element,
        ...(element.text === undefined ? {} : { text: scrub(element.text) }),
        ...(element.originalText === undefined ? {} : { originalText: scrub(element.originalText) }),
      })),
    };
  }
  return {
    ...content,
    summary: scrub(content.summary),
    comments: content.comments.map((comment) => ({ ...comment, body: scrub(comment.body) })),
  };
}

function reviewView(row: typeof exerciseReviews.$inferSelect, viewerId: string): ExerciseReviewView {
  return {
    id: row.id,
    reviewerId: row.reviewerId,
    isMine: row.reviewerId === viewerId,
    ratings: row.ratings,
    flaggedTerms: row.flaggedTerms,
    submittedAt: row.submittedAt.toISOString(),
  };
}

export async function reviewExercise(
  deps: ExerciseDeps,
  member: MemberContext,
  applicationId: string,
): Promise<ReviewerExerciseView> {
  const context = await reviewContext(deps, member, applicationId);
  const { run, scrub } = context;
  const kit = await requireKitVersion(deps.db, member.organizationId, run.kitVersionId);
  const [submissions, questions, reviews, timeline] = await Promise.all([
    deps.db
      .select()
      .from(exerciseSubmissions)
      .where(eq(exerciseSubmissions.runId, run.id))
      .orderBy(desc(exerciseSubmissions.version)),
    deps.db
      .select()
      .from(exerciseQuestions)
      .where(eq(exerciseQuestions.runId, run.id))
      .orderBy(asc(exerciseQuestions.askedAt)),
    deps.db.select().from(exerciseReviews).where(eq(exerciseReviews.runId, run.id)),
    deps.db
      .select()
      .from(exerciseActivity)
      .where(eq(exerciseActivity.runId, run.id))
      .orderBy(asc(exerciseActivity.at)),
  ]);
  const now = deps.clock.now();
  return {
    runId: run.id,
    applicationId,
    stageName: context.stage.name,
    isBlind: context.hidden,
    candidate: summariseCandidate(applicationId, context.candidate, context.hidden),
    candidateTimeZone: run.candidateTimeZone,
    startsAt: run.startsAt.toISOString(),
    latePolicy: run.latePolicy,
    rubric: rubricView(kit.content),
    steps: run.steps.map((step) => {
      const stepReviews = reviews.filter((review) => review.stepId === step.id);
      const hasMyReview = stepReviews.some((review) => review.reviewerId === member.userId);
      // Independent ratings: another reviewer's rating shows only once mine is filed.
      const visibleReviews = stepReviews.filter(
        (review) => review.reviewerId === member.userId || hasMyReview || context.isHiringTeam,
      );
      return {
        ...step,
        rubricAttributeIds: attributesOfStep(step, kit.content).map((attribute) => attribute.id),
        ...describeStepTimes(stepTimes(step, run.startsAt), run.candidateTimeZone),
        submissions: submissions
          .filter((row) => row.stepId === step.id)
          .map((row) => ({
            id: row.id,
            version: row.version,
            content: scrubContent(row.content as StepContent, scrub),
            isLate: row.isLate,
            submittedAt: row.submittedAt.toISOString(),
          })),
        questions: questions
          .filter((row) => row.stepId === step.id)
          .map((row) => ({
            id: row.id,
            question: scrub(row.question),
            askedAt: row.askedAt.toISOString(),
            answer: row.answer === null ? null : scrub(row.answer),
            answeredAt: row.answeredAt?.toISOString() ?? null,
            releaseAt: row.releaseAt?.toISOString() ?? null,
            isAnswerReleased: row.releaseAt !== null && now >= row.releaseAt,
          })),
        reviews: visibleReviews.map((row) => reviewView(row, member.userId)),
        hasMyReview,
      };
    }),
    timeline: timeline.map((row) => ({ stepId: row.stepId, kind: row.kind, at: row.at.toISOString() })),
  };
}

export async function answerQuestion(
  deps: ExerciseDeps,
  member: MemberContext,
  questionId: string,
  answer: string,
): Promise<{ releaseAt: string }> {
  const [row] = await deps.db
    .select({ question: exerciseQuestions, run: exerciseRuns })
    .from(exerciseQuestions)
    .innerJoin(exerciseRuns, eq(exerciseRuns.id, exerciseQuestions.runId))
    .where(
      and(eq(exerciseQuestions.id, questionId), eq(exerciseQuestions.organizationId, member.organizationId)),
    );
  if (!row) throw new AppError("not_found", "There is no such question.");
  if (row.question.answer !== null)
    throw new AppError("conflict", "This question has already been answered.");
  const step = requireStep(row.run, row.question.stepId);
  const now = deps.clock.now();
  // As in a distributed team: the answer reaches the candidate after the step's delay in working hours.
  const releaseAt = addWorkingHours(now, step.answerDelayWorkingHours ?? 0, row.run.candidateTimeZone);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(exerciseQuestions)
      .set({ answer, answeredBy: member.userId, answeredAt: now, releaseAt })
      .where(eq(exerciseQuestions.id, questionId));
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "exercise.question_answered",
      objectType: "exercise_question",
      objectId: questionId,
      detail: { releaseAt: releaseAt.toISOString() },
    });
  });
  return { releaseAt: releaseAt.toISOString() };
}

export async function fileStepReview(
  deps: ExerciseDeps,
  member: MemberContext,
  applicationId: string,
  stepId: string,
  input: ExerciseReviewInput,
): Promise<ExerciseReviewView> {
  const context = await reviewContext(deps, member, applicationId);
  const { run } = context;
  const step = requireStep(run, stepId);
  const kit = await requireKitVersion(deps.db, member.organizationId, run.kitVersionId);
  const expected = attributesOfStep(step, kit.content).map((attribute) => attribute.id);
  const given = input.ratings.map((rating) => rating.attributeId);
  const missing = expected.filter((id) => !given.includes(id));
  const extra = given.filter((id, index) => !expected.includes(id) || given.indexOf(id) !== index);
  if (missing.length > 0 || extra.length > 0) {
    throw new AppError(
      "bad_request",
      `Rate each of ${expected.join(", ")} once${missing.length ? `; missing ${missing.join(", ")}` : ""}${extra.length ? `; not expected ${extra.join(", ")}` : ""}.`,
      { fieldErrors: [{ path: "ratings", message: `one rating each for ${expected.join(", ")}` }] },
    );
  }
  const [handedIn] = await deps.db
    .select({ id: exerciseSubmissions.id })
    .from(exerciseSubmissions)
    .where(and(eq(exerciseSubmissions.runId, run.id), eq(exerciseSubmissions.stepId, step.id)))
    .limit(1);
  const [asked] = await deps.db
    .select({ id: exerciseQuestions.id })
    .from(exerciseQuestions)
    .where(and(eq(exerciseQuestions.runId, run.id), eq(exerciseQuestions.stepId, step.id)))
    .limit(1);
  if (!handedIn && !asked) {
    throw new AppError("conflict", `The candidate has handed in nothing for "${step.title}" yet.`);
  }
  const ratings: ExerciseRating[] = input.ratings;
  const flaggedTerms = flaggedPhrases(ratings.map((rating) => rating.evidence));
  const row = await deps.db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(exerciseReviews)
      .values({
        id: newId(),
        organizationId: member.organizationId,
        runId: run.id,
        stepId: step.id,
        reviewerId: member.userId,
        ratings,
        flaggedTerms,
        submittedAt: deps.clock.now(),
      })
      .onConflictDoNothing()
      .returning();
    if (!inserted) throw new AppError("conflict", "You have already reviewed this step; reviews are final.");
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "exercise.step_reviewed",
      objectType: "exercise_review",
      objectId: inserted.id,
      detail: { runId: run.id, flagged: flaggedTerms.length },
    });
    return inserted;
  });
  return reviewView(row, member.userId);
}
