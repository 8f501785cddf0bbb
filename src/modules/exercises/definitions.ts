/**
 * The exercise of an async_exercise stage, as the hiring team defines it: steps, their schedule
 * relative to the run's start, and the late policy. Steps are rated with the stage's kit (the
 * async-collaboration kit unless the stage names another of its kind).
 */
import { and, eq } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { AppError } from "../../platform/errors.ts";
import { recordAudit } from "../audit/audit-log.ts";
import type { MemberContext } from "../auth/access.ts";
import type { KitContent } from "../kits/kit-schema.ts";
import { ensureKitVersion, requireKitVersion } from "../kits/kits.ts";
import { asyncCollaborationKit } from "../kits/library/async-collaboration.ts";
import { planStages } from "../plans/plans-table.ts";
import { type ExerciseStepDefinition, exerciseDefinitions } from "./exercises-table.ts";
import { findDefinitionProblems } from "./schedule.ts";
import type { ExerciseDefinitionInput, ExerciseDefinitionView } from "./schemas.ts";

export interface ExerciseDeps {
  db: Db;
  clock: Clock;
}

/** Who defines exercises, starts runs and answers candidates' questions. */
export const EXERCISE_MANAGERS = ["admin", "recruiter", "hiring_manager"] as const;

export async function requireExerciseStage(db: Db, organizationId: string, stageId: string) {
  const [stage] = await db
    .select()
    .from(planStages)
    .where(and(eq(planStages.id, stageId), eq(planStages.organizationId, organizationId)));
  if (!stage) throw new AppError("not_found", "There is no such plan stage.");
  if (stage.type !== "async_exercise") {
    throw new AppError(
      "conflict",
      `The stage "${stage.name}" is a ${stage.type} stage, not an async_exercise.`,
    );
  }
  return stage;
}

export function rubricView(kit: KitContent) {
  return kit.rubric.map((attribute) => ({
    id: attribute.id,
    name: attribute.name,
    description: attribute.description,
    levels: attribute.levels.map((level) => ({
      level: level.level,
      label: level.label,
      anchor: level.anchor,
    })),
  }));
}

/** The rubric attributes a step is rated on: the step's own choice, or the whole rubric. */
export function attributesOfStep(step: ExerciseStepDefinition, kit: KitContent) {
  const ids = step.rubricAttributeIds.length > 0 ? step.rubricAttributeIds : kit.rubric.map((a) => a.id);
  return kit.rubric.filter((attribute) => ids.includes(attribute.id));
}

export async function readExerciseDefinition(
  db: Db,
  organizationId: string,
  stageId: string,
): Promise<ExerciseDefinitionView> {
  await requireExerciseStage(db, organizationId, stageId);
  const [definition] = await db
    .select()
    .from(exerciseDefinitions)
    .where(
      and(eq(exerciseDefinitions.stageId, stageId), eq(exerciseDefinitions.organizationId, organizationId)),
    );
  if (!definition) throw new AppError("not_found", "This stage has no exercise defined yet.");
  const kit = await requireKitVersion(db, organizationId, definition.kitVersionId);
  return {
    stageId,
    latePolicy: definition.latePolicy,
    kit: { id: kit.id, slug: kit.slug, title: kit.content.title },
    rubric: rubricView(kit.content),
    steps: definition.steps,
  };
}

export async function defineExercise(
  deps: ExerciseDeps,
  member: MemberContext,
  stageId: string,
  input: ExerciseDefinitionInput,
): Promise<ExerciseDefinitionView> {
  const stage = await requireExerciseStage(deps.db, member.organizationId, stageId);
  const kit = stage.kitVersionId
    ? await requireKitVersion(deps.db, member.organizationId, stage.kitVersionId)
    : await ensureKitVersion(deps, member.organizationId, asyncCollaborationKit.slug);
  const steps: ExerciseStepDefinition[] = input.steps.map((step) => ({
    ...step,
    diff: step.diff ?? null,
    answerDelayWorkingHours: step.answerDelayWorkingHours ?? null,
  }));
  const problems = findDefinitionProblems(
    steps,
    kit.content.rubric.map((attribute) => attribute.id),
  );
  if (problems.length > 0) {
    throw new AppError(
      "bad_request",
      `The exercise is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
      {
        fieldErrors: problems,
      },
    );
  }
  const values = {
    stageId,
    organizationId: member.organizationId,
    kitVersionId: kit.id,
    latePolicy: input.latePolicy,
    steps,
    updatedAt: deps.clock.now(),
  };
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(exerciseDefinitions)
      .values(values)
      .onConflictDoUpdate({ target: exerciseDefinitions.stageId, set: values });
    await recordAudit(tx, member.actor, {
      organizationId: member.organizationId,
      action: "exercise.defined",
      objectType: "plan_stage",
      objectId: stageId,
      detail: { steps: steps.length, latePolicy: input.latePolicy },
    });
  });
  return readExerciseDefinition(deps.db, member.organizationId, stageId);
}
