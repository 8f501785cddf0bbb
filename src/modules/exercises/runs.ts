/**
 * A candidate's run of an exercise: started by the hiring team for an application in an
 * async_exercise stage, at a start time and in the candidate's time zone. The steps are copied
 * into the run, so editing the exercise later never moves a candidate's deadlines.
 */
import { and, desc, eq, gt } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import { applications } from "../candidates/candidates-table.ts";
import { type ExerciseDeps, requireExerciseStage } from "./definitions.ts";
import { exerciseActivity, exerciseDefinitions, exerciseRuns } from "./exercises-table.ts";
import { describeStepTimes, findNightProblems, stepTimes } from "./schedule.ts";
import type { ExerciseRunView } from "./schemas.ts";
import { isKnownTimeZone } from "./time-zones.ts";

export type ExerciseRun = typeof exerciseRuns.$inferSelect;

export function describeRun(run: ExerciseRun): ExerciseRunView {
  return {
    runId: run.id,
    applicationId: run.applicationId,
    stageId: run.stageId,
    candidateTimeZone: run.candidateTimeZone,
    startsAt: run.startsAt.toISOString(),
    steps: run.steps.map((step) => ({
      id: step.id,
      ...describeStepTimes(stepTimes(step, run.startsAt), run.candidateTimeZone),
    })),
  };
}

export async function startExercise(
  deps: ExerciseDeps,
  member: MemberContext,
  applicationId: string,
  input: { startsAt: string; candidateTimeZone: string },
): Promise<ExerciseRunView> {
  const [application] = await deps.db
    .select()
    .from(applications)
    .where(and(eq(applications.id, applicationId), eq(applications.organizationId, member.organizationId)));
  if (!application) throw new AppError("not_found", "There is no such application.");
  if (!application.currentStageId) {
    throw new AppError(
      "conflict",
      "The application is in no stage; move it to an async exercise stage first.",
    );
  }
  const stage = await requireExerciseStage(deps.db, member.organizationId, application.currentStageId);
  const [definition] = await deps.db
    .select()
    .from(exerciseDefinitions)
    .where(eq(exerciseDefinitions.stageId, stage.id));
  if (!definition) throw new AppError("conflict", `The stage "${stage.name}" has no exercise defined yet.`);
  if (!isKnownTimeZone(input.candidateTimeZone)) {
    throw new AppError(
      "bad_request",
      `Unknown time zone "${input.candidateTimeZone}"; use an IANA name such as Europe/Lisbon.`,
      { fieldErrors: [{ path: "candidateTimeZone", message: "an IANA time zone name" }] },
    );
  }
  const startsAt = new Date(input.startsAt);
  const problems = findNightProblems(definition.steps, startsAt, input.candidateTimeZone);
  if (problems.length > 0) {
    throw new AppError(
      "unprocessable",
      `No step may require a response in the candidate's night: ${problems.map((p) => p.message).join("; ")}.`,
      { fieldErrors: problems },
    );
  }
  const run: ExerciseRun = {
    id: newId(),
    organizationId: member.organizationId,
    applicationId,
    stageId: stage.id,
    candidateTimeZone: input.candidateTimeZone,
    startsAt,
    steps: definition.steps,
    latePolicy: definition.latePolicy,
    kitVersionId: definition.kitVersionId,
    createdAt: deps.clock.now(),
  };
  await deps.db.transaction(async (tx) => {
    const [created] = await tx.insert(exerciseRuns).values(run).onConflictDoNothing().returning();
    if (!created) throw new AppError("conflict", "This candidate's exercise has already started.");
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "exercise.started",
      objectType: "application",
      objectId: applicationId,
      detail: { runId: run.id, stageId: stage.id, startsAt: startsAt.toISOString() },
    });
  });
  return describeRun(run);
}

/** The application's run in its current stage, or in the latest exercise stage it went through. */
export async function findRunOfApplication(db: Db, organizationId: string, applicationId: string) {
  const [row] = await db
    .select({ run: exerciseRuns, currentStageId: applications.currentStageId })
    .from(exerciseRuns)
    .innerJoin(applications, eq(applications.id, exerciseRuns.applicationId))
    .where(
      and(eq(exerciseRuns.applicationId, applicationId), eq(exerciseRuns.organizationId, organizationId)),
    )
    .orderBy(desc(exerciseRuns.createdAt))
    .limit(1);
  return row ?? null;
}

export function requireStep(run: ExerciseRun, stepId: string) {
  const step = run.steps.find((candidate) => candidate.id === stepId);
  if (!step) throw new AppError("not_found", "The exercise has no such step.");
  return step;
}

/** Kinds recorded at most once per step in this window, so autosave does not flood the timeline. */
const ACTIVITY_COALESCE_MS = 30 * 60_000;

/** Appends to the candidate's activity timeline (context for reviewers, never scored). */
export async function recordActivity(
  deps: ExerciseDeps,
  run: ExerciseRun,
  stepId: string,
  kind: (typeof exerciseActivity.$inferInsert)["kind"],
): Promise<void> {
  const now = deps.clock.now();
  if (kind === "opened" || kind === "drafted") {
    const [recent] = await deps.db
      .select({ id: exerciseActivity.id })
      .from(exerciseActivity)
      .where(
        and(
          eq(exerciseActivity.runId, run.id),
          eq(exerciseActivity.stepId, stepId),
          eq(exerciseActivity.kind, kind),
          gt(exerciseActivity.at, new Date(now.getTime() - ACTIVITY_COALESCE_MS)),
        ),
      )
      .limit(1);
    if (recent) return;
  }
  await deps.db
    .insert(exerciseActivity)
    .values({ id: newId(), organizationId: run.organizationId, runId: run.id, stepId, kind, at: now });
}
