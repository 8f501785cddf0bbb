import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Clock } from "../../platform/clock.ts";
import type { Db } from "../../platform/db/client.ts";
import { users } from "../../platform/db/schema.ts";
import { AppError } from "../../platform/errors.ts";
import { newId } from "../../platform/ids.ts";
import { type Actor, recordAudit } from "../audit/audit-log.ts";
import { teams } from "../outcomes/outcomes-table.ts";
import { adviseWorkModel } from "../workmodel/advisor.ts";
import { roles, type WorkModel, workModelDecisions } from "./roles-table.ts";
import type {
  DecideWorkModelInput,
  RoleInput,
  RoleView,
  WorkModelDecisionResult,
  WorkModelDecisionView,
} from "./schemas.ts";

// The demo seed (src/modules/demo) names its roles' fields by this type from here.
export type { RoleInput };

type Deps = { db: Db; clock: Clock };

function toView(row: typeof roles.$inferSelect): RoleView {
  return {
    id: row.id,
    title: row.title,
    team: row.team,
    teamId: row.teamId,
    seniority: row.seniority,
    techStack: row.techStack,
    officeLocations: row.officeLocations,
    timezone: { fromUtcOffset: row.timezoneFromUtcOffset, toUtcOffset: row.timezoneToUtcOffset },
    complianceNeeds: row.complianceNeeds,
    headcount: row.headcount,
    status: row.status,
    hireThreshold: row.hireThreshold,
    workModel: row.workModel,
    onsiteDaysPerWeek: row.onsiteDaysPerWeek,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toColumns(input: Partial<RoleInput>) {
  const { timezone, ...rest } = input;
  return {
    ...rest,
    ...(timezone
      ? { timezoneFromUtcOffset: timezone.fromUtcOffset, timezoneToUtcOffset: timezone.toUtcOffset }
      : {}),
  };
}

function assertTimezoneBand(timezone: RoleInput["timezone"] | undefined) {
  if (timezone && timezone.fromUtcOffset > timezone.toUtcOffset) {
    throw new AppError("bad_request", "timezone.fromUtcOffset must not be after timezone.toUtcOffset.", {
      fieldErrors: [{ path: "timezone", message: "from must be ≤ to" }],
    });
  }
}

/**
 * The linked team's name, which a linked role shows as its team: a role linked to a team keeps
 * the team's name (a rename of the team renames it too, outcomes/teams.ts).
 */
async function linkedTeamName(db: Db, organizationId: string, teamId: string): Promise<string> {
  const [team] = await db
    .select({ name: teams.name })
    .from(teams)
    .where(and(eq(teams.organizationId, organizationId), eq(teams.id, teamId)));
  if (!team) {
    throw new AppError("bad_request", "That team is not one of this organisation's teams.", {
      fieldErrors: [{ path: "teamId", message: "choose one of the organisation's teams" }],
    });
  }
  return team.name;
}

export async function createRole(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  input: RoleInput,
): Promise<RoleView> {
  assertTimezoneBand(input.timezone);
  return deps.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const team = input.teamId ? await linkedTeamName(tx, organizationId, input.teamId) : input.team;
    const [row] = await tx
      .insert(roles)
      .values({
        id: newId(),
        organizationId,
        ...input,
        team,
        timezoneFromUtcOffset: input.timezone.fromUtcOffset,
        timezoneToUtcOffset: input.timezone.toUtcOffset,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new AppError("internal", "The role was not stored.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "role.created",
      objectType: "role",
      objectId: row.id,
      // Not the title: free text (it can name a person) stays in the role's row (objectId).
      detail: { status: row.status },
    });
    return toView(row);
  });
}

export async function updateRole(
  deps: Deps,
  actor: Actor,
  organizationId: string,
  roleId: string,
  changes: Partial<RoleInput>,
): Promise<RoleView> {
  assertTimezoneBand(changes.timezone);
  return deps.db.transaction(async (tx) => {
    const before = await requireRole(tx, organizationId, roleId);
    const teamId = changes.teamId !== undefined ? changes.teamId : before.teamId;
    const team = teamId ? await linkedTeamName(tx, organizationId, teamId) : changes.team;
    const [row] = await tx
      .update(roles)
      .set({ ...toColumns(changes), ...(team !== undefined ? { team } : {}), updatedAt: deps.clock.now() })
      .where(and(eq(roles.id, roleId), eq(roles.organizationId, organizationId)))
      .returning();
    if (!row) throw new AppError("not_found", "That role was not found.");
    await recordAudit(tx, actor, {
      organizationId,
      action: "role.updated",
      objectType: "role",
      objectId: roleId,
      detail: { changed: Object.keys(changes), statusBefore: before.status, statusAfter: row.status },
    });
    return toView(row);
  });
}

export async function listRoles(
  db: Db,
  organizationId: string,
  filter: { status?: RoleView["status"] | undefined; workModel?: WorkModel | undefined },
): Promise<RoleView[]> {
  const conditions: SQL[] = [eq(roles.organizationId, organizationId)];
  if (filter.status) conditions.push(eq(roles.status, filter.status));
  if (filter.workModel) conditions.push(eq(roles.workModel, filter.workModel));
  const rows = await db
    .select()
    .from(roles)
    .where(and(...conditions))
    .orderBy(desc(roles.createdAt));
  return rows.map(toView);
}

export async function requireRole(db: Db, organizationId: string, roleId: string): Promise<RoleView> {
  const [row] = await db
    .select()
    .from(roles)
    .where(and(eq(roles.id, roleId), eq(roles.organizationId, organizationId)));
  if (!row) throw new AppError("not_found", "That role was not found.");
  return toView(row);
}

export async function listWorkModelDecisions(
  db: Db,
  organizationId: string,
  roleId: string,
): Promise<WorkModelDecisionView[]> {
  const rows = await db
    .select({ decision: workModelDecisions, email: users.email })
    .from(workModelDecisions)
    .innerJoin(users, eq(users.id, workModelDecisions.decidedBy))
    .where(and(eq(workModelDecisions.organizationId, organizationId), eq(workModelDecisions.roleId, roleId)))
    .orderBy(desc(workModelDecisions.decidedAt));
  return rows.map(({ decision, email }) => ({
    id: decision.id,
    recommendedModel: decision.recommendedModel,
    chosenModel: decision.chosenModel,
    onsiteDaysPerWeek: decision.onsiteDaysPerWeek,
    overrideReason: decision.overrideReason,
    advisorVersion: decision.advisorVersion,
    factors: decision.factors,
    advice: decision.advice,
    decidedBy: { id: decision.decidedBy, email },
    decidedAt: decision.decidedAt.toISOString(),
  }));
}

/**
 * Records the hiring team's work-model decision. The advice is recomputed here from the
 * factors (never taken from the client), a choice that departs from it needs a reason, and a
 * choice a hard constraint excludes is refused.
 */
export async function decideWorkModel(
  deps: Deps,
  actor: Actor & { userId: string },
  organizationId: string,
  roleId: string,
  input: DecideWorkModelInput,
): Promise<WorkModelDecisionResult> {
  const advice = adviseWorkModel(input.factors);
  const excludedBy = advice.hardConstraints.find((constraint) =>
    constraint.excludes.includes(input.chosenModel),
  );
  if (excludedBy) {
    throw new AppError(
      "unprocessable",
      `${input.chosenModel} is excluded by a hard constraint: ${excludedBy.description}`,
    );
  }
  const isOverride = input.chosenModel !== advice.recommendation;
  // A reason belongs to an override; one sent with an accepted recommendation is not stored.
  const overrideReason = isOverride ? input.overrideReason?.trim() || null : null;
  if (isOverride && !overrideReason) {
    throw new AppError(
      "bad_request",
      `The advisor recommends ${advice.recommendation}; choosing ${input.chosenModel} needs an override reason.`,
      {
        fieldErrors: [
          { path: "overrideReason", message: "required when the choice departs from the advice" },
        ],
      },
    );
  }
  let onsiteDays: number | null = null;
  if (input.chosenModel === "hybrid") {
    onsiteDays = input.onsiteDaysPerWeek ?? advice.onsiteDaysPerWeek ?? 2;
    if (!Number.isInteger(onsiteDays) || onsiteDays < 1 || onsiteDays > 4) {
      throw new AppError(
        "bad_request",
        "onsiteDaysPerWeek must be a whole number from 1 to 4 for a hybrid role.",
        {
          fieldErrors: [{ path: "onsiteDaysPerWeek", message: "1–4 for hybrid" }],
        },
      );
    }
  }
  return deps.db.transaction(async (tx) => {
    await requireRole(tx, organizationId, roleId);
    const now = deps.clock.now();
    const decisionId = newId();
    await tx.insert(workModelDecisions).values({
      id: decisionId,
      organizationId,
      roleId,
      factors: input.factors,
      advice,
      advisorVersion: advice.modelVersion,
      recommendedModel: advice.recommendation,
      chosenModel: input.chosenModel,
      onsiteDaysPerWeek: onsiteDays,
      overrideReason,
      decidedBy: actor.userId,
      decidedAt: now,
    });
    const [row] = await tx
      .update(roles)
      .set({ workModel: input.chosenModel, onsiteDaysPerWeek: onsiteDays, updatedAt: now })
      .where(and(eq(roles.id, roleId), eq(roles.organizationId, organizationId)))
      .returning();
    if (!row) throw new AppError("not_found", "That role was not found.");
    await recordAudit(tx, actor, {
      organizationId,
      action:
        overrideReason && input.chosenModel !== advice.recommendation
          ? "role.work_model_overridden"
          : "role.work_model_decided",
      objectType: "role",
      objectId: roleId,
      detail: {
        recommended: advice.recommendation,
        chosen: input.chosenModel,
        onsiteDaysPerWeek: onsiteDays,
        decisionId,
      },
    });
    const [decision] = (await listWorkModelDecisions(tx, organizationId, roleId)).filter(
      (item) => item.id === decisionId,
    );
    if (!decision) throw new AppError("internal", "The decision was not stored.");
    return { role: toView(row), decision };
  });
}
