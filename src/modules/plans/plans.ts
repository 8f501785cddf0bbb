import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { memberships } from "../../platform/db/schema.ts";
import { AppError, type FieldError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { applications } from "../candidates/candidates-table.ts";
import { listCatalog } from "../challenges/catalog.ts";
import { exerciseDefinitions } from "../exercises/exercises-table.ts";
import { interviews } from "../interviews/interviews-table.ts";
import { ensureKitVersion, requireKitVersion } from "../kits/kits.ts";
import { kitVersions } from "../kits/kits-table.ts";
import { requireRole } from "../roles/roles.ts";
import { roles, type WorkModel } from "../roles/roles-table.ts";
import {
  allowedModesForStageType,
  deadlineStageTypes,
  isInterviewStageType,
  isScoredStageType,
  kitKindForStageType,
  planTemplates,
} from "./plan-templates.ts";
import { planStages, type StageType } from "./plans-table.ts";
import type { PlanStageInput, PlanStageView, PlanView } from "./schemas.ts";

// The demo seed (src/modules/demo) names a stage by this type from here.
export type { PlanStageView };

type Deps = { db: Db; clock: Clock };

export const MAX_PLAN_STAGES = 20;
/** How far the scored stages' weights may stray from 1, for decimals typed by hand. */
export const WEIGHT_SUM_TOLERANCE = 0.001;
export const MAX_REQUIRED_RATERS = 10;

/** The role's stages in order, with their kits and how many applications sit in each. */
export async function listPlanStages(
  db: Db,
  organizationId: string,
  roleId: string,
): Promise<PlanStageView[]> {
  const rows = await db
    .select({
      stage: planStages,
      kitId: kitVersions.id,
      kitSlug: kitVersions.slug,
      kitVersion: kitVersions.version,
      kitTitle: kitVersions.title,
    })
    .from(planStages)
    .leftJoin(kitVersions, eq(kitVersions.id, planStages.kitVersionId))
    .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, roleId)))
    .orderBy(asc(planStages.position));
  const counts = await db
    .select({ stageId: applications.currentStageId, applicationCount: count() })
    .from(applications)
    .where(and(eq(applications.organizationId, organizationId), eq(applications.roleId, roleId)))
    .groupBy(applications.currentStageId);
  const countByStage = new Map(counts.map((row) => [row.stageId, row.applicationCount]));
  return rows.map(({ stage, kitId, kitSlug, kitVersion, kitTitle }) => ({
    id: stage.id,
    position: stage.position,
    name: stage.name,
    type: stage.type,
    mode: stage.mode,
    kitVersionId: stage.kitVersionId,
    kit:
      kitId && kitSlug && kitVersion !== null && kitTitle !== null
        ? { id: kitId, slug: kitSlug, version: kitVersion, title: kitTitle }
        : null,
    interviewerPool: stage.interviewerPool,
    requiredRaters: stage.requiredRaters,
    weight: stage.weight,
    isBlind: stage.isBlind,
    challengeId: stage.challengeId,
    deadlineDays: stage.deadlineDays,
    maxSubmits: stage.maxSubmits,
    targetDays: stage.targetDays,
    applicationCount: countByStage.get(stage.id) ?? 0,
  }));
}

export async function getPlan(db: Db, organizationId: string, roleId: string): Promise<PlanView> {
  await requireRole(db, organizationId, roleId);
  return { roleId, stages: await listPlanStages(db, organizationId, roleId) };
}

/** The stage a new application starts in, or null when the role has no plan yet. */
export async function findFirstStage(
  db: Db,
  organizationId: string,
  roleId: string,
): Promise<{ id: string; name: string; type: StageType } | null> {
  const [row] = await db
    .select({ id: planStages.id, name: planStages.name, type: planStages.type })
    .from(planStages)
    .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, roleId)))
    .orderBy(asc(planStages.position))
    .limit(1);
  return row ?? null;
}

/**
 * Creates the role's plan from the template for a work model (the role's own unless one is
 * given), adopting each stage's built-in kit as a kit version of the organisation. An existing
 * plan is replaced only when asked and only while no application has entered it.
 */
export async function createPlanFromTemplate(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  roleId: string,
  input: { workModel?: WorkModel | undefined; replace?: boolean | undefined },
): Promise<PlanView> {
  return deps.db.transaction(async (tx) => {
    const role = await lockRole(tx, organizationId, roleId);
    const workModel = input.workModel ?? role.workModel;
    if (!workModel) {
      throw new AppError(
        "conflict",
        "The role has no work model yet; decide it with the advisor first, or name one in workModel.",
      );
    }
    const existing = await tx
      .select({ id: planStages.id })
      .from(planStages)
      .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, roleId)));
    if (existing.length > 0) {
      if (!input.replace) {
        throw new AppError(
          "conflict",
          `The role already has a plan of ${existing.length} stages; edit it, or send replace: true to start again from the template.`,
        );
      }
      const [entered] = await tx
        .select({ applicationCount: count() })
        .from(applications)
        .where(and(eq(applications.organizationId, organizationId), eq(applications.roleId, roleId)));
      if (entered && entered.applicationCount > 0) {
        throw new AppError(
          "conflict",
          `${entered.applicationCount} application(s) have already entered this plan; edit the plan stage by stage instead of replacing it.`,
        );
      }
      await deleteExerciseDefinitions(
        tx,
        organizationId,
        existing.map((stage) => stage.id),
      );
      await tx
        .delete(planStages)
        .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, roleId)));
    }
    const now = deps.clock.now();
    const template = planTemplates[workModel];
    for (const [index, stage] of template.entries()) {
      const kit = stage.kitSlug
        ? await ensureKitVersion({ db: tx, clock: deps.clock }, organizationId, stage.kitSlug)
        : null;
      await tx.insert(planStages).values({
        id: newId(),
        organizationId,
        roleId,
        position: index + 1,
        name: stage.name,
        type: stage.type,
        mode: stage.mode,
        kitVersionId: kit?.id ?? null,
        interviewerPool: [],
        requiredRaters: stage.requiredRaters,
        weight: stage.weight,
        isBlind: stage.isBlind,
        challengeId: stage.challengeId,
        deadlineDays: stage.deadlineDays,
        createdAt: now,
      });
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "plan.created_from_template",
      objectType: "role",
      objectId: roleId,
      detail: { workModel, replaced: existing.length > 0, stageCount: template.length },
    });
    return { roleId, stages: await listPlanStages(tx, organizationId, roleId) };
  });
}

/**
 * The rules a plan must satisfy that need no database: order, raters, weights, modes and which
 * stage types take kits, challenges and deadlines. Paths are `stages.<index>.<field>`.
 */
export function validatePlanStages(stages: readonly PlanStageInput[]): FieldError[] {
  const problems: FieldError[] = [];
  const at = (index: number, field: string) => `stages.${index}.${field}`;
  if (stages.length === 0) {
    problems.push({
      path: "stages",
      message: "a plan needs at least one stage and ends with a decision stage",
    });
  }
  if (stages.length > MAX_PLAN_STAGES) {
    problems.push({ path: "stages", message: `a plan has at most ${MAX_PLAN_STAGES} stages` });
  }
  const lastIndex = stages.length - 1;
  const last = stages[lastIndex];
  if (last && last.type !== "decision") {
    problems.push({ path: at(lastIndex, "type"), message: "the last stage must be a decision stage" });
  }
  const seenIds = new Set<string>();
  const seenNames = new Set<string>();
  for (const [index, stage] of stages.entries()) {
    if (stage.id !== undefined) {
      if (seenIds.has(stage.id))
        problems.push({ path: at(index, "id"), message: "the same stage appears twice" });
      seenIds.add(stage.id);
    }
    const nameKey = stage.name.trim().toLowerCase();
    if (seenNames.has(nameKey)) {
      problems.push({
        path: at(index, "name"),
        message: `another stage is already named "${stage.name.trim()}"`,
      });
    }
    seenNames.add(nameKey);
    if (stage.type === "decision" && index !== lastIndex) {
      problems.push({ path: at(index, "type"), message: "only the last stage can be a decision stage" });
    }
    const modes = allowedModesForStageType[stage.type];
    if (modes.length === 0 && stage.mode !== null) {
      problems.push({ path: at(index, "mode"), message: `a ${stage.type} stage has no mode; send null` });
    } else if (modes.length > 0 && (stage.mode === null || !modes.includes(stage.mode))) {
      problems.push({
        path: at(index, "mode"),
        message: `must be ${modes.join(" or ")} for a ${stage.type} stage`,
      });
    }
    if (!Number.isInteger(stage.requiredRaters) || stage.requiredRaters < 1) {
      problems.push({ path: at(index, "requiredRaters"), message: "must be a whole number of at least 1" });
    } else if (stage.requiredRaters > MAX_REQUIRED_RATERS) {
      problems.push({ path: at(index, "requiredRaters"), message: `at most ${MAX_REQUIRED_RATERS}` });
    } else if (isInterviewStageType(stage.type) && stage.requiredRaters < 2) {
      problems.push({
        path: at(index, "requiredRaters"),
        message: "interview stages need at least 2 independent raters",
      });
    }
    const pool = new Set(stage.interviewerPool);
    if (pool.size !== stage.interviewerPool.length) {
      problems.push({ path: at(index, "interviewerPool"), message: "lists the same person more than once" });
    } else if (isInterviewStageType(stage.type) && pool.size > 0 && pool.size < stage.requiredRaters) {
      problems.push({
        path: at(index, "interviewerPool"),
        message: `needs at least ${stage.requiredRaters} people (the required raters) once it is not empty`,
      });
    }
    if (!(stage.weight >= 0 && stage.weight <= 1)) {
      problems.push({ path: at(index, "weight"), message: "must be between 0 and 1" });
    } else if (!isScoredStageType(stage.type) && stage.weight !== 0) {
      problems.push({
        path: at(index, "weight"),
        message: `a ${stage.type} stage is not scored; its weight is 0`,
      });
    }
    const hasKit = stage.kitSlug !== undefined || stage.kitVersionId !== undefined;
    if (stage.kitSlug !== undefined && stage.kitVersionId !== undefined) {
      problems.push({ path: at(index, "kitVersionId"), message: "send kitSlug or kitVersionId, not both" });
    } else if (hasKit && kitKindForStageType[stage.type] === null) {
      problems.push({
        path: at(index, stage.kitSlug !== undefined ? "kitSlug" : "kitVersionId"),
        message: `a ${stage.type} stage takes no interview kit`,
      });
    }
    if (stage.challengeId != null && stage.type !== "async_challenge") {
      problems.push({
        path: at(index, "challengeId"),
        message: "only an async_challenge stage takes a challenge",
      });
    }
    if (stage.deadlineDays != null && !deadlineStageTypes.includes(stage.type)) {
      problems.push({
        path: at(index, "deadlineDays"),
        message: `only ${deadlineStageTypes.join(", ")} stages have a deadline`,
      });
    }
  }
  const scoredWeights = stages.filter((stage) => isScoredStageType(stage.type)).map((stage) => stage.weight);
  const totalWeight = scoredWeights.reduce((sum, weight) => sum + weight, 0);
  if (scoredWeights.some((weight) => weight !== 0) && Math.abs(totalWeight - 1) > WEIGHT_SUM_TOLERANCE) {
    problems.push({
      path: "stages",
      message: `the scored stages' weights sum to ${Number(totalWeight.toFixed(4))}; they must sum to 1 (or all be 0)`,
    });
  }
  return problems;
}

/** Each stage's challenge must be a built-in or one of the organisation's valid packages. */
async function findChallengeProblems(
  db: Db,
  organizationId: string,
  stages: readonly PlanStageInput[],
): Promise<FieldError[]> {
  if (!stages.some((stage) => stage.challengeId != null)) return [];
  const catalog = await listCatalog(db, organizationId);
  const problems: FieldError[] = [];
  for (const [index, stage] of stages.entries()) {
    if (stage.challengeId == null) continue;
    const challenge = catalog.find((entry) => entry.id === stage.challengeId);
    if (!challenge) {
      problems.push({
        path: `stages.${index}.challengeId`,
        message: "is not a challenge of this organisation",
      });
    } else if (challenge.status !== "valid") {
      problems.push({
        path: `stages.${index}.challengeId`,
        message: `is a package that is ${challenge.status}; only a valid package can be used`,
      });
    }
  }
  return problems;
}

/**
 * Replaces the role's ordered stages. Stages sent with an id keep it (and their history);
 * stages left out are removed, which is refused while applications or interviews use them.
 */
export async function replacePlan(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  roleId: string,
  input: { stages: PlanStageInput[] },
): Promise<PlanView> {
  const shapeProblems = validatePlanStages(input.stages);
  if (shapeProblems.length > 0) throw invalidPlan(shapeProblems);
  return deps.db.transaction(async (tx) => {
    await lockRole(tx, organizationId, roleId);
    const existing = await tx
      .select()
      .from(planStages)
      .where(and(eq(planStages.organizationId, organizationId), eq(planStages.roleId, roleId)));
    const existingById = new Map(existing.map((stage) => [stage.id, stage]));
    const problems: FieldError[] = [];
    for (const [index, stage] of input.stages.entries()) {
      if (stage.id !== undefined && !existingById.has(stage.id)) {
        problems.push({
          path: `stages.${index}.id`,
          message: "is not a stage of this role's plan; leave id out to add a new stage",
        });
      }
    }
    problems.push(...(await findPoolProblems(tx, organizationId, input.stages)));
    problems.push(...(await findChallengeProblems(tx, organizationId, input.stages)));
    const kitVersionIds = await resolveStageKits(
      { db: tx, clock: deps.clock },
      organizationId,
      input.stages,
      problems,
    );
    if (problems.length > 0) throw invalidPlan(problems);

    const usage = await findStageUsage(
      tx,
      organizationId,
      existing.map((stage) => stage.id),
    );
    const keptIds = new Set(input.stages.flatMap((stage) => (stage.id ? [stage.id] : [])));
    const removed = existing.filter((stage) => !keptIds.has(stage.id));
    for (const stage of removed) {
      const used = usage.get(stage.id);
      if (used?.applications) {
        throw new AppError(
          "conflict",
          `The stage "${stage.name}" has ${used.applications} application(s) in it; move them to another stage before removing it.`,
        );
      }
      if (used?.interviews) {
        throw new AppError(
          "conflict",
          `The stage "${stage.name}" has ${used.interviews} interview(s); it keeps their history and cannot be removed.`,
        );
      }
    }
    for (const [index, stage] of input.stages.entries()) {
      const before = stage.id ? existingById.get(stage.id) : undefined;
      const used = before ? usage.get(before.id) : undefined;
      if (!before || !used) continue;
      if (before.type !== stage.type && (used.applications > 0 || used.interviews > 0)) {
        throw new AppError(
          "conflict",
          `The stage "${before.name}" is in use, so its type cannot change from ${before.type} to ${stage.type}; add a new stage instead.`,
        );
      }
      if (used.interviews > 0 && before.kitVersionId !== kitVersionIds[index]) {
        throw new AppError(
          "conflict",
          `The stage "${before.name}" has interviews, so its kit is fixed: every candidate of the role is asked the same questions.`,
        );
      }
    }

    if (removed.length > 0) {
      await deleteExerciseDefinitions(
        tx,
        organizationId,
        removed.map((stage) => stage.id),
      );
      await tx.delete(planStages).where(
        and(
          eq(planStages.organizationId, organizationId),
          inArray(
            planStages.id,
            removed.map((stage) => stage.id),
          ),
        ),
      );
    }
    const now = deps.clock.now();
    for (const [index, stage] of input.stages.entries()) {
      const columns = {
        position: index + 1,
        name: stage.name.trim(),
        type: stage.type,
        mode: stage.mode,
        kitVersionId: kitVersionIds[index] ?? null,
        interviewerPool: stage.interviewerPool,
        requiredRaters: stage.requiredRaters,
        weight: Math.round(stage.weight * 10_000) / 10_000,
        isBlind: stage.isBlind,
        challengeId: stage.challengeId ?? null,
        deadlineDays: stage.deadlineDays ?? null,
        ...(stage.maxSubmits !== undefined ? { maxSubmits: stage.maxSubmits } : {}),
        // Left out, a stage keeps its target (new stages get the table's default of 7 days).
        ...(stage.targetDays === undefined ? {} : { targetDays: stage.targetDays }),
      };
      if (stage.id) {
        await tx
          .update(planStages)
          .set(columns)
          .where(and(eq(planStages.organizationId, organizationId), eq(planStages.id, stage.id)));
      } else {
        await tx
          .insert(planStages)
          .values({ id: newId(), organizationId, roleId, ...columns, createdAt: now });
      }
    }
    await recordAudit(tx, actor, {
      organizationId,
      action: "plan.updated",
      objectType: "role",
      objectId: roleId,
      detail: {
        stageCount: input.stages.length,
        added: input.stages.filter((stage) => !stage.id).length,
        removed: removed.map((stage) => stage.id),
      },
    });
    return { roleId, stages: await listPlanStages(tx, organizationId, roleId) };
  });
}

function invalidPlan(problems: FieldError[]): AppError {
  const shown = problems
    .slice(0, 3)
    .map((problem) => `${problem.path}: ${problem.message}`)
    .join("; ");
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : "";
  return new AppError("bad_request", `The plan is invalid: ${shown}${more}.`, { fieldErrors: problems });
}

/** Locks the role row: plan edits of one role run one after another, never interleaved. */
async function lockRole(db: Db, organizationId: string, roleId: string) {
  const [role] = await db
    .select({ id: roles.id, workModel: roles.workModel })
    .from(roles)
    .where(and(eq(roles.organizationId, organizationId), eq(roles.id, roleId)))
    .for("update");
  if (!role) throw new AppError("not_found", "That role was not found.");
  return role;
}

async function findPoolProblems(
  db: Db,
  organizationId: string,
  stages: readonly PlanStageInput[],
): Promise<FieldError[]> {
  const userIds = [...new Set(stages.flatMap((stage) => stage.interviewerPool))];
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, userIds)));
  const members = new Set(rows.map((row) => row.userId));
  const problems: FieldError[] = [];
  for (const [index, stage] of stages.entries()) {
    const strangers = stage.interviewerPool.filter((userId) => !members.has(userId));
    if (strangers.length > 0) {
      problems.push({
        path: `stages.${index}.interviewerPool`,
        message: `not members of this organisation: ${strangers.join(", ")}`,
      });
    }
  }
  return problems;
}

/** Each stage's kit version id (adopting built-in kits named by slug); problems are appended. */
async function resolveStageKits(
  deps: Deps,
  organizationId: string,
  stages: readonly PlanStageInput[],
  problems: FieldError[],
): Promise<(string | null)[]> {
  const resolved: (string | null)[] = [];
  for (const [index, stage] of stages.entries()) {
    const field = stage.kitSlug !== undefined ? "kitSlug" : "kitVersionId";
    let kit: { id: string; slug: string; kind: string } | null = null;
    try {
      if (stage.kitSlug !== undefined) {
        const version = await ensureKitVersion(deps, organizationId, stage.kitSlug);
        kit = { id: version.id, slug: version.slug, kind: version.content.kind };
      } else if (stage.kitVersionId !== undefined) {
        const version = await requireKitVersion(deps.db, organizationId, stage.kitVersionId);
        kit = { id: version.id, slug: version.slug, kind: version.content.kind };
      }
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== "not_found") throw error;
      problems.push({
        path: `stages.${index}.${field}`,
        message: "no such interview kit in this organisation",
      });
    }
    const expectedKind = kitKindForStageType[stage.type];
    if (kit && expectedKind && kit.kind !== expectedKind) {
      problems.push({
        path: `stages.${index}.${field}`,
        message: `"${kit.slug}" is a ${kit.kind} kit; a ${stage.type} stage needs a ${expectedKind} kit`,
      });
    }
    resolved.push(kit?.id ?? null);
  }
  return resolved;
}

async function findStageUsage(
  db: Db,
  organizationId: string,
  stageIds: string[],
): Promise<Map<string, { applications: number; interviews: number }>> {
  const usage = new Map<string, { applications: number; interviews: number }>();
  if (stageIds.length === 0) return usage;
  const entry = (stageId: string) => {
    const found = usage.get(stageId) ?? { applications: 0, interviews: 0 };
    usage.set(stageId, found);
    return found;
  };
  const applicationRows = await db
    .select({ stageId: applications.currentStageId, total: count() })
    .from(applications)
    .where(
      and(eq(applications.organizationId, organizationId), inArray(applications.currentStageId, stageIds)),
    )
    .groupBy(applications.currentStageId);
  for (const row of applicationRows) if (row.stageId) entry(row.stageId).applications = row.total;
  const interviewRows = await db
    .select({ stageId: interviews.stageId, total: count() })
    .from(interviews)
    .where(and(eq(interviews.organizationId, organizationId), inArray(interviews.stageId, stageIds)))
    .groupBy(interviews.stageId);
  for (const row of interviewRows) entry(row.stageId).interviews = row.total;
  return usage;
}

/**
 * A removed stage takes its exercise definition with it (nothing else refers to a definition;
 * candidates' runs keep copies of the steps), or the stage's row could not be deleted.
 */
async function deleteExerciseDefinitions(db: Db, organizationId: string, stageIds: string[]) {
  if (stageIds.length === 0) return;
  await db
    .delete(exerciseDefinitions)
    .where(
      and(
        eq(exerciseDefinitions.organizationId, organizationId),
        inArray(exerciseDefinitions.stageId, stageIds),
      ),
    );
}
